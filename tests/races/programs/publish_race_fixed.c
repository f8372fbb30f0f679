/* The fixed twin of publish_race.c: the flag is stored with release and loaded with acquire: a
 * parent that sees ready == true reads data after the child's write (release -> acquire); a
 * parent that sees false does not read data. */
#define FIXED
#include "publish_race.c"
