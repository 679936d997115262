/*
 * floor.c: the protocol floor of the DKIM benchmark (bench/dkim/run.sh): a
 * libmilter filter that does nothing but negotiate the protocol steps
 * milterpack-milter negotiates for a signing-only configuration (no reply
 * before end-of-data; HELO, RCPT, DATA, end of headers not sent) and, at
 * end-of-data, insert one header field of SIZE bytes, as a signature would.
 * Its time per message is what libmilter and the MTA side cost with no
 * policy at all; run.sh checks that both negotiate the same flags.
 *   floor unix:/path [SIZE]
 */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char value[8192] = " x";

static sfsistat negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
			  unsigned long f3, unsigned long *pf0, unsigned long *pf1,
			  unsigned long *pf2, unsigned long *pf3)
{
	unsigned long want = SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NR_MAIL | SMFIP_NORCPT |
			     SMFIP_NODATA | SMFIP_NOUNKNOWN | SMFIP_NR_HDR | SMFIP_NOEOH |
			     SMFIP_NR_BODY | SMFIP_HDR_LEADSPC | SMFIP_SKIP;

	(void)ctx; (void)f2; (void)f3;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
		     SMFIF_QUARANTINE | SMFIF_SETSYMLIST);
	*pf1 = f1 & want;
	*pf2 = *pf3 = 0;
	return SMFIS_CONTINUE;
}

static sfsistat noreply(SMFICTX *ctx) { (void)ctx; return SMFIS_NOREPLY; }
static sfsistat connect_cb(SMFICTX *ctx, char *h, _SOCK_ADDR *a) { (void)h; (void)a; return noreply(ctx); }
static sfsistat mail_cb(SMFICTX *ctx, char **argv) { (void)argv; return noreply(ctx); }
static sfsistat header_cb(SMFICTX *ctx, char *n, char *v) { (void)n; (void)v; return noreply(ctx); }
static sfsistat body_cb(SMFICTX *ctx, unsigned char *b, size_t n) { (void)b; (void)n; return noreply(ctx); }

static sfsistat eom_cb(SMFICTX *ctx)
{
	return smfi_insheader(ctx, 0, "X-Floor", value) == MI_SUCCESS ? SMFIS_CONTINUE : SMFIS_TEMPFAIL;
}

int main(int argc, char **argv)
{
	struct smfiDesc d;
	size_t size = argc > 2 ? strtoul(argv[2], NULL, 10) : 2;

	if (argc < 2 || size < 2 || size >= sizeof value) {
		fprintf(stderr, "usage: floor unix:/path [SIZE 2..8191]\n");
		return 2;
	}
	memset(value + 1, 'x', size - 1);
	value[size] = '\0';
	memset(&d, 0, sizeof d);
	d.xxfi_name = "floor";
	d.xxfi_version = SMFI_VERSION;
	d.xxfi_flags = SMFIF_ADDHDRS;
	d.xxfi_connect = connect_cb;
	d.xxfi_envfrom = mail_cb;
	d.xxfi_header = header_cb;
	d.xxfi_body = body_cb;
	d.xxfi_eom = eom_cb;
	d.xxfi_negotiate = negotiate;
	if (smfi_setconn(argv[1]) != MI_SUCCESS || smfi_register(d) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS) {
		fprintf(stderr, "floor: cannot listen on %s\n", argv[1]);
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
