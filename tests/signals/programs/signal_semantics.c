/* Signals between processes, checked against Linux (kill(2), signal(7), waitpid(2)): the same
 * program passes natively and under Lockstep, where each kill is a step.
 * - kill(pid, 0) checks that the process exists; a reaped one gives ESRCH;
 * - SIGTERM and SIGKILL end a process whose disposition is the default: waitpid reports
 *   WIFSIGNALED with the signal, and the pipe end it held is closed (its reader gets EOF);
 * - a signal the process ignores (SIG_IGN, or SIGCHLD's default) changes nothing;
 * - a zombie takes a signal without effect: its status stays its exit.
 * Expected verdict: no bug, one interleaving's worth of checks. */
#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child that blocks reading `hold` until it is killed, after telling the parent it is ready
 * through `ready` (whose write end it then keeps open). */
static pid_t blocked_child(int ready[2], int hold[2], void (*setup)(void)) {
  const pid_t pid = fork();
  assert(pid >= 0);
  if (pid == 0) {
    if (setup != NULL)
      setup();
    close(ready[0]);
    close(hold[1]);
    assert(write(ready[1], "r", 1) == 1);
    char c;
    const ssize_t n = read(hold[0], &c, 1);
    _exit(n == 1 ? 0 : 8);
  }
  char c;
  assert(read(ready[0], &c, 1) == 1);
  return pid;
}

static void ignore_usr1(void) { signal(SIGUSR1, SIG_IGN); }

static int status_of(pid_t pid) {
  int status = 0;
  assert(waitpid(pid, &status, 0) == pid);
  return status;
}

int main(void) {
  int ready[2], hold[2];

  /* SIGTERM: the child ends, its end of `ready` closes. */
  assert(pipe(ready) == 0 && pipe(hold) == 0);
  pid_t child = blocked_child(ready, hold, NULL);
  close(ready[1]);
  assert(kill(child, 0) == 0);
  assert(kill(child, SIGTERM) == 0);
  char c;
  assert(read(ready[0], &c, 1) == 0); /* EOF: the killed child's write end is closed */
  int status = status_of(child);
  assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  errno = 0;
  assert(kill(child, 0) == -1 && errno == ESRCH);
  close(ready[0]);
  close(hold[0]);
  close(hold[1]);
  printf("SIGTERM: killed, EOF, ESRCH after the reap\n");

  /* Ignored signals: SIG_IGN'd SIGUSR1 and SIGCHLD (default: ignore). The child then gets its
   * byte and exits 0. */
  assert(pipe(ready) == 0 && pipe(hold) == 0);
  child = blocked_child(ready, hold, ignore_usr1);
  close(ready[1]);
  assert(kill(child, SIGUSR1) == 0);
  assert(kill(child, SIGCHLD) == 0);
  assert(write(hold[1], "x", 1) == 1);
  status = status_of(child);
  assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(ready[0]);
  close(hold[0]);
  close(hold[1]);
  printf("ignored signals: no effect\n");

  /* SIGKILL. */
  assert(pipe(ready) == 0 && pipe(hold) == 0);
  child = blocked_child(ready, hold, NULL);
  close(ready[1]);
  assert(kill(child, SIGKILL) == 0);
  status = status_of(child);
  assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  close(ready[0]);
  close(hold[0]);
  close(hold[1]);
  printf("SIGKILL: killed\n");

  /* A child that exited (EOF on its pipe; natively it may still be dying) but is not reaped:
   * the signal changes nothing, its status stays its exit. */
  assert(pipe(ready) == 0);
  child = fork();
  assert(child >= 0);
  if (child == 0)
    _exit(0);
  close(ready[1]);
  assert(read(ready[0], &c, 1) == 0);
  assert(kill(child, SIGTERM) == 0);
  status = status_of(child);
  assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(ready[0]);
  printf("zombie: signal without effect\n");
  return 0;
}
