// A statically linked program: Lockstep cannot preload its runtime into it and must refuse it.
// expect: exit 2, message "statically linked"
#include <stdio.h>

int main(void) {
  puts("hello");
  return 0;
}
