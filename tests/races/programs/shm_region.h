/* The shm_open region shared by shm_race, shm_race_fixed and shm_peer (a separate program the
 * first two start with fork + exec). */
#ifndef LOCKSTEP_TESTS_RACES_SHM_REGION_H
#define LOCKSTEP_TESTS_RACES_SHM_REGION_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct ShmRegion {
  int header[2];
  int counter; /* at offset 0x8 */
};

/* Opens (creating it when `create`) and maps the named region. */
static struct ShmRegion *mapShmRegion(const char *name, int create) {
  const int fd = shm_open(name, O_RDWR | (create ? O_CREAT : 0), 0600);
  if (fd < 0) {
    perror("shm_open");
    exit(2);
  }
  if (create && ftruncate(fd, sizeof(struct ShmRegion)) != 0) {
    perror("ftruncate");
    exit(2);
  }
  void *p = mmap(NULL, sizeof(struct ShmRegion), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  return (struct ShmRegion *)p;
}

#endif
