/*
 * fixfilter.c: a small libmilter filter, test fixture for mp-miltclient.
 *   fixfilter unix:/path [plain]
 * Default mode negotiates SMFIP_HDR_LEADSPC, SMFIP_NR_HDR, SMFIP_NOHELO and
 * SMFIP_SKIP and cuts the connect macros to "{client_addr} j {daemon_name}";
 * "plain" keeps libmilter's default negotiation. Behaviour, by input:
 *   connect host reject.example   -> 554 5.7.1 Connection refused by fixture
 *   MAIL <tempfail@example.org>    -> tempfail
 *   RCPT <root@...>  550 5.7.1 No mail to root     <grey@...> 451 4.7.1 Greylisted
 *        <temp@...>  tempfail   <discard@...> discard   <accept@...> accept
 *        <copy@...>  EOM addrcpt <copy-added@example.test>
 *        <gone@...>  EOM delrcpt <gone@example.test>
 *        <mlreply@...> EOM multi-line 550 reply
 *   body: SMFIS_SKIP once 65535 bytes were seen (default mode)
 *   EOM: insheader 0 X-Fix-First, then addheaders X-Fix-Connect (family,
 *        address, port), X-Fix-Macros (as seen at EOM), X-Fix-Headers (each
 *        header value in [brackets], raw), X-Fix-Body (byte count);
 *        chgheader Subject 1 if the subject contains change-me, quarantine
 *        if it contains quarantine-me.
 */
#include <arpa/inet.h>
#include <libmilter/mfapi.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>

static int plain;

struct priv {
	char conn[256];
	char headers[4096];
	char subject[256];
	unsigned long body;
	int copy, gone, mlreply;
};

static struct priv *P(SMFICTX *ctx) { return smfi_getpriv(ctx); }

static void append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);
	snprintf(buf + n, size - n, "%s", s);
}

static sfsistat negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
			  unsigned long f3, unsigned long *pf0, unsigned long *pf1,
			  unsigned long *pf2, unsigned long *pf3)
{
	unsigned long want = SMFIP_HDR_LEADSPC | SMFIP_NR_HDR | SMFIP_NOHELO | SMFIP_SKIP;

	(void)f2; (void)f3;
	if (plain)
		return SMFIS_ALL_OPTS;
	if ((f1 & want) != want)
		return SMFIS_REJECT;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
		     SMFIF_QUARANTINE | SMFIF_SETSYMLIST);
	*pf1 = want;
	*pf2 = *pf3 = 0;
	if (smfi_setsymlist(ctx, SMFIM_CONNECT, "{client_addr} j {daemon_name}") != MI_SUCCESS)
		return SMFIS_REJECT;
	return SMFIS_CONTINUE;
}

static sfsistat connect_cb(SMFICTX *ctx, char *host, struct sockaddr *sa)
{
	struct priv *p = calloc(1, sizeof *p);
	char addr[128] = "-";
	int port = 0;
	char fam = 'U';

	if (p == NULL)
		return SMFIS_TEMPFAIL;
	smfi_setpriv(ctx, p);
	if (sa != NULL && sa->sa_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof addr);
		port = ntohs(in->sin_port), fam = '4';
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof addr);
		port = ntohs(in6->sin6_port), fam = '6';
	} else if (sa != NULL && sa->sa_family == AF_UNIX) {
		snprintf(addr, sizeof addr, "%s", ((struct sockaddr_un *)sa)->sun_path);
		fam = 'L';
	}
	snprintf(p->conn, sizeof p->conn, "%s %c %s %d", host, fam, addr, port);
	if (strcmp(host, "reject.example") == 0) {
		smfi_setreply(ctx, "554", "5.7.1", "Connection refused by fixture");
		return SMFIS_REJECT;
	}
	return SMFIS_CONTINUE;
}

static sfsistat envfrom_cb(SMFICTX *ctx, char **argv)
{
	struct priv *p = P(ctx);

	p->headers[0] = p->subject[0] = '\0';
	p->body = 0;
	p->copy = p->gone = p->mlreply = 0;
	if (strcasecmp(argv[0], "<tempfail@example.org>") == 0)
		return SMFIS_TEMPFAIL;
	return SMFIS_CONTINUE;
}

static sfsistat envrcpt_cb(SMFICTX *ctx, char **argv)
{
	struct priv *p = P(ctx);
	const char *r = argv[0];

	if (strncasecmp(r, "<root@", 6) == 0) {
		smfi_setreply(ctx, "550", "5.7.1", "No mail to root");
		return SMFIS_REJECT;
	}
	if (strncasecmp(r, "<grey@", 6) == 0) {
		smfi_setreply(ctx, "451", "4.7.1", "Greylisted, try again later");
		return SMFIS_TEMPFAIL;
	}
	if (strncasecmp(r, "<temp@", 6) == 0)
		return SMFIS_TEMPFAIL;
	if (strncasecmp(r, "<discard@", 9) == 0)
		return SMFIS_DISCARD;
	if (strncasecmp(r, "<accept@", 8) == 0)
		return SMFIS_ACCEPT;
	p->copy |= strncasecmp(r, "<copy@", 6) == 0;
	p->gone |= strncasecmp(r, "<gone@", 6) == 0;
	p->mlreply |= strncasecmp(r, "<mlreply@", 9) == 0;
	return SMFIS_CONTINUE;
}

static sfsistat header_cb(SMFICTX *ctx, char *name, char *value)
{
	struct priv *p = P(ctx);

	append(p->headers, sizeof p->headers, name);
	append(p->headers, sizeof p->headers, "=[");
	append(p->headers, sizeof p->headers, value);
	append(p->headers, sizeof p->headers, "]");
	if (strcasecmp(name, "Subject") == 0)
		snprintf(p->subject, sizeof p->subject, "%s", value);
	return plain ? SMFIS_CONTINUE : SMFIS_NOREPLY;
}

static sfsistat body_cb(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct priv *p = P(ctx);

	(void)chunk;
	p->body += len;
	return !plain && p->body >= 65535 ? SMFIS_SKIP : SMFIS_CONTINUE;
}

static const char *sym(SMFICTX *ctx, char *name)
{
	const char *v = smfi_getsymval(ctx, name);
	return v != NULL ? v : "(none)";
}

static sfsistat eom_cb(SMFICTX *ctx)
{
	struct priv *p = P(ctx);
	char buf[1024];

	if (p->mlreply) {
		smfi_setmlreply(ctx, "550", "5.7.1", "first line", "second line", NULL);
		return SMFIS_REJECT;
	}
	smfi_insheader(ctx, 0, "X-Fix-First", " leading space kept");
	smfi_addheader(ctx, "X-Fix-Connect", p->conn);
	snprintf(buf, sizeof buf, "client_addr=%s client_name=%s daemon_name=%s j=%s i=%s",
		 sym(ctx, "{client_addr}"), sym(ctx, "{client_name}"), sym(ctx, "{daemon_name}"),
		 sym(ctx, "j"), sym(ctx, "i"));
	smfi_addheader(ctx, "X-Fix-Macros", buf);
	smfi_addheader(ctx, "X-Fix-Headers", p->headers);
	snprintf(buf, sizeof buf, "%lu", p->body);
	smfi_addheader(ctx, "X-Fix-Body", buf);
	if (strstr(p->subject, "change-me") != NULL)
		smfi_chgheader(ctx, "Subject", 1, " changed");
	if (strstr(p->subject, "quarantine-me") != NULL)
		smfi_quarantine(ctx, "held by fixture");
	if (p->copy)
		smfi_addrcpt(ctx, "<copy-added@example.test>");
	if (p->gone)
		smfi_delrcpt(ctx, "<gone@example.test>");
	return SMFIS_CONTINUE;
}

static sfsistat close_cb(SMFICTX *ctx)
{
	free(P(ctx));
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

static sfsistat data_cb(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }
static sfsistat eoh_cb(SMFICTX *ctx) { (void)ctx; return SMFIS_CONTINUE; }

static struct smfiDesc desc = {
	.xxfi_name = "fixfilter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_QUARANTINE,
	.xxfi_connect = connect_cb,
	.xxfi_envfrom = envfrom_cb,
	.xxfi_envrcpt = envrcpt_cb,
	.xxfi_header = header_cb,
	.xxfi_eoh = eoh_cb,
	.xxfi_body = body_cb,
	.xxfi_eom = eom_cb,
	.xxfi_close = close_cb,
	.xxfi_data = data_cb,
	.xxfi_negotiate = negotiate,
};

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s unix:/path [plain]\n", argv[0]);
		return 2;
	}
	plain = argc == 3 && strcmp(argv[2], "plain") == 0;
	if (smfi_setconn(argv[1]) == MI_FAILURE || smfi_register(desc) == MI_FAILURE)
		return 1;
	if (smfi_opensocket(1) == MI_FAILURE)
		return 1;
	/* the socket listens now: fixture-test.sh waits for this line */
	fprintf(stderr, "listening on %s\n", argv[1]);
	fflush(stderr);
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
