// A producer (P0) sends four jobs to a consumer (P1) over a job queue of one slot, then reads
// the consumer's reports from a report queue of one slot until "done". After taking a job the
// consumer reports progress when more work is already queued (mq_getattr), then "done" at the
// end.
// Bug: progress reports are sent with a blocking mq_send, and the producer reads reports only
// once it has sent every job. When the producer queues a job between the consumer's take and
// its mq_getattr twice, the consumer blocks on its second report (the report queue is full)
// while the producer blocks on its fourth job (the job queue is full): deadlock.
//   P0: j1 ..... j2 ................. j3 ................ j4 |blocks|
//   P1:    take j1, attr: 1 queued, report, take j2, attr: 1 queued, report |blocks|
// The default order (the consumer drains each job before the producer queues the next one, so
// it never sees work queued) is fine.
// expect: deadlock; fixed twin: mq_reply_fixed.c (progress reports are best effort: sent with a
// deadline already past, so a full report queue drops them instead of blocking).
#include "mq.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define JOBS 4

static const struct timespec kPast = {0, 0}; // 1970: a deadline always past

static void consumer(mqd_t jobs, mqd_t reports) {
  char message[8];
  for (int i = 0; i < JOBS; ++i) {
    if (mq_receive(jobs, message, sizeof message, NULL) < 0)
      _exit(2);
    struct mq_attr attr;
    if (mq_getattr(jobs, &attr) != 0)
      _exit(3);
    if (attr.mq_curmsgs > 0) { // more work waiting: tell the producer how far we are
#ifdef FIXED
      if (mq_timedsend(reports, "busy", 5, 0, &kPast) != 0 && errno != ETIMEDOUT)
        _exit(4);
#else
      if (mq_send(reports, "busy", 5, 0) != 0) // BUG: blocks while the producer blocks too
        _exit(4);
#endif
    }
  }
  if (mq_send(reports, "done", 5, 0) != 0)
    _exit(5);
  _exit(0);
}

int main(void) {
  char jobName[64];
  char reportName[64];
  mqd_t jobs = create_queue(jobName, sizeof jobName, "jobs", 1, 8, 0);
  mqd_t reports = create_queue(reportName, sizeof reportName, "reports", 1, 8, 0);
  if (fork() == 0)
    consumer(jobs, reports);
  for (int i = 0; i < JOBS; ++i) {
    if (mq_send(jobs, "job", 4, 0) != 0)
      return 6;
  }
  char message[8];
  do {
    if (mq_receive(reports, message, sizeof message, NULL) < 0)
      return 7;
  } while (strcmp(message, "done") != 0);
  reap_children(1);
  mq_close(jobs);
  mq_close(reports);
  mq_unlink(jobName);
  mq_unlink(reportName);
  return 0;
}
