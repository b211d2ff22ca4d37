/* A lower floor reaching up: check-floors.py must reject this tree. */
#include "../high/high.h"
