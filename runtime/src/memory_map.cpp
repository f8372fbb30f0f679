// Parses /proc/self/maps to name the mapping that holds an address.
#include "memory_map.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

constexpr size_t kBufferSize = 1 << 20;
char gBuffer[kBufferSize]; // one agent runs at a time, so one buffer per process suffices

size_t readMaps() {
  const int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY));
  if (fd < 0)
    return 0;
  size_t used = 0;
  for (;;) {
    const ssize_t n = syscall(SYS_read, fd, gBuffer + used, kBufferSize - 1 - used);
    if (n <= 0)
      break;
    used += static_cast<size_t>(n);
  }
  syscall(SYS_close, fd);
  gBuffer[used] = '\0';
  return used;
}

uint64_t parseHex(const char *&p) {
  uint64_t v = 0;
  for (;; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9')
      v = v * 16 + static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v = v * 16 + static_cast<uint64_t>(c - 'a' + 10);
    else
      return v;
  }
}

uint64_t parseDec(const char *&p) {
  uint64_t v = 0;
  for (; *p >= '0' && *p <= '9'; ++p)
    v = v * 10 + static_cast<uint64_t>(*p - '0');
  return v;
}

void nameMapping(MappingInfo &info, const char *path, size_t length) {
  const char *name = nullptr;
  char copy[64];
  if (length == 0 || strncmp(path, "/dev/zero", 9) == 0)
    name = info.shared ? "anonymous shared mapping" : "anonymous memory";
  else if (strncmp(path, "/SYSV", 5) == 0)
    name = "System V shared memory";
  else if (strncmp(path, "[heap]", 6) == 0)
    name = "heap";
  else if (strncmp(path, "[stack]", 7) == 0)
    name = "stack";
  else {
    const char *deleted = " (deleted)";
    size_t n = length;
    if (n > strlen(deleted) && strncmp(path + n - strlen(deleted), deleted, strlen(deleted)) == 0)
      n -= strlen(deleted);
    if (n >= sizeof copy)
      n = sizeof copy - 1;
    memcpy(copy, path, n);
    copy[n] = '\0';
    name = copy[0] == '/' && strncmp(copy, "/memfd:", 7) == 0 ? copy + 1 : copy;
  }
  snprintf(info.name, sizeof info.name, "%s", name);
}

} // namespace

MappingInfo lookupMapping(const void *address) {
  MappingInfo info;
  const auto a = reinterpret_cast<uint64_t>(address);
  const size_t size = readMaps();
  const char *p = gBuffer;
  const char *end = gBuffer + size;
  while (p < end) {
    const char *line = p;
    const char *eol = static_cast<const char *>(memchr(p, '\n', end - p));
    if (eol == nullptr)
      eol = end;
    p = eol + 1;
    const uint64_t start = parseHex(line);
    ++line; // '-'
    const uint64_t stop = parseHex(line);
    if (a < start || a >= stop)
      continue;
    ++line; // ' '
    info.shared = line[3] == 's';
    line += 5;
    const uint64_t offset = parseHex(line);
    ++line;
    const uint64_t major = parseHex(line);
    ++line; // ':'
    const uint64_t minor = parseHex(line);
    ++line;
    info.inode = parseDec(line);
    while (line < eol && *line == ' ')
      ++line;
    info.found = true;
    info.device = (major << 32) | minor;
    info.fileOffset = offset + (a - start);
    nameMapping(info, line, static_cast<size_t>(eol - line));
    return info;
  }
  return info;
}

} // namespace lockstep::runtime
