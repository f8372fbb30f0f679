/* What Lockstep does not model yet about signals stops the run with a sentence naming the call:
 * argv[1] "handler": kill of a child that handles SIGTERM (the handler would run asynchronously);
 * "pause": pause(); "blocked": kill of a child that blocks SIGTERM.
 * Expected verdict: unsupported (exit 2). */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_term(int signal) { (void)signal; }

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "handler";
  if (strcmp(what, "pause") == 0)
    return pause();
  int ready[2], hold[2];
  if (pipe(ready) != 0 || pipe(hold) != 0)
    return 3;
  const pid_t child = fork();
  if (child == 0) {
    if (strcmp(what, "blocked") == 0) {
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGTERM);
      sigprocmask(SIG_BLOCK, &set, NULL);
    } else {
      signal(SIGTERM, on_term);
    }
    close(ready[0]);
    close(hold[1]);
    char c;
    (void)!write(ready[1], "r", 1);
    (void)!read(hold[0], &c, 1); /* returns when the parent closes hold[1] */
    _exit(0);
  }
  close(ready[1]);
  char c;
  (void)!read(ready[0], &c, 1);
  kill(child, SIGTERM);
  close(hold[1]);
  waitpid(child, NULL, 0);
  return 0;
}
