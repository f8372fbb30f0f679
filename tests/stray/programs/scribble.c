/* scribble OFFSET: writes 16 bytes ({108353, an address inside libc}, the shape of the stray write
 * once seen in the replay of tests/atomics' flag_one_path) at byte OFFSET of the control block,
 * which it maps again from LOCKSTEP_CONTROL_FD, then exits normally. Lockstep must stop with an
 * internal error naming the offset (tests/stray/StrayTest.cpp). Without OFFSET it writes nothing
 * and the run is clean. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  const char *fdText = getenv("LOCKSTEP_CONTROL_FD");
  if (fdText == NULL || argc < 2)
    return 0;
  const int fd = atoi(fdText);
  struct stat st;
  if (fstat(fd, &st) != 0)
    return 2;
  const size_t offset = strtoull(argv[1], NULL, 10);
  const uint64_t words[2] = {108353, (uint64_t)(uintptr_t)&printf};
  if (offset + sizeof words > (size_t)st.st_size)
    return 2;
  unsigned char *block = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (block == MAP_FAILED)
    return 2;
  memcpy(block + offset, words, sizeof words);
  munmap(block, st.st_size);
  return 0;
}
