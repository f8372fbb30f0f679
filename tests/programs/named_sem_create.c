// A parent creates the named semaphore argv[1] with sem_open(O_CREAT), a child posts it and the
// parent waits for it. Neither unlinks it: Lockstep must remove it after each execution. When
// argv[2] is given, every process appends its pid to that file (for the hygiene tests).
// expect: exit 0, complete, no bug; /dev/shm/sem.<name> does not exist after the run
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void record_pid(const char *path) {
  if (path == NULL)
    return;
  FILE *f = fopen(path, "a");
  if (f != NULL) {
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
  }
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  const char *pids = argc > 2 ? argv[2] : NULL;
  record_pid(pids);
  sem_t *sem = sem_open(argv[1], O_CREAT, 0600, 0);
  if (sem == SEM_FAILED)
    return 3;
  pid_t child = fork();
  if (child == 0) {
    record_pid(pids);
    sem_post(sem);
    _exit(0);
  }
  sem_wait(sem);
  waitpid(child, NULL, 0);
  sem_close(sem);
  return 0;
}
