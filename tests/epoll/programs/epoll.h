// Helpers shared by the epoll test programs: registering a descriptor with its number as data.
#ifndef LOCKSTEP_TESTS_EPOLL_EPOLL_H
#define LOCKSTEP_TESTS_EPOLL_EPOLL_H

#include "../../pipes/programs/pipes.h"

#include <sys/epoll.h>

// EPOLL_CTL_ADD or EPOLL_CTL_MOD of fd with events, its number as the data; returns epoll_ctl's.
static inline int watch(int ep, int op, int fd, unsigned events) {
  struct epoll_event ev;
  ev.events = events;
  ev.data.u64 = 0;
  ev.data.fd = fd;
  return epoll_ctl(ep, op, fd, &ev);
}

#endif
