#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
/* BIO_get_mem_data is a macro over BIO_ctrl, which Swift does not import. */
static inline long cx_bio_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
#include <openssl/rand.h>
