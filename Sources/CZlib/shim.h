// zlib (Debian: zlib1g-dev): deflate for the PNG images of the raster plots.
#include <zlib.h>
