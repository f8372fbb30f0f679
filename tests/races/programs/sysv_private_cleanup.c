/* shmget(IPC_PRIVATE) creates a segment even without IPC_CREAT: lockstep must remove it after the
 * execution, as it removes every System V object the execution created. The program has nothing
 * the pass instruments (its variables are private locals) and must still be known as built with
 * lockstep-cc. Writes the segment's id to the file "shm-id" in its working directory. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void) {
  const int id = shmget(IPC_PRIVATE, 4096, 0600);
  if (id < 0)
    return 2;
  FILE *f = fopen("shm-id", "w");
  if (f == NULL)
    return 2;
  fprintf(f, "%d\n", id);
  fclose(f);
  return 0;
}
