#ifndef BOTRUNTIME_PREFETCH_H
#define BOTRUNTIME_PREFETCH_H

/// Asks the CPU to start loading the cache lines of `p` (for writing) while other work goes
/// on. The shards walk thousands of bots per trade; each bot's first touch is otherwise a
/// cache miss taken one after the other.
static inline void botruntime_prefetch(const void *p, int lines) {
    for (int i = 0; i < lines; i++) __builtin_prefetch((const char *)p + 64 * i, 1, 3);
}

#endif
