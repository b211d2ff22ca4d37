/* The upper floor. */
#define HIGH 1
