/* version — what --version prints for both programs. */
#ifndef MINGBAI_VERSION_H
#define MINGBAI_VERSION_H

#define MINGBAI_VERSION "0.9.0"

#endif
