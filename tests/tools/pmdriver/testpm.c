/*
 * testpm.c: a tiny test pmilter for mp-pmdriver's tests. It links only the
 * libpmilter API (sm/pmfapi.h), echoes what it gets and answers per a rule
 * table.
 *   testpm [-d DBG] [-l LOGFILE] [-s THRMAX_S] [-h THRMAX_H] [-f FDMAX] SPEC RULEFILE
 * RULEFILE lines (blank and '#' lines ignored):
 *   macros STAGE ID_NAME ...        request at negotiate (connect ehlo mail rcpt data dot)
 *   STAGE PATTERN ACTION [ARG...]   STAGE: connect helo mail rcpt data msg eom unknown
 * PATTERN: '*' or the exact hostname (connect), helo name (helo), address
 * (mail, rcpt), the transaction's MAIL address (data, msg, eom), command
 * (unknown). ACTION: a code name (CONT OK ACCEPT TEMP PERM DISCARD SSD) with
 * an optional reply text (rest of line, \r\n in it as CRLF; decides), "sleep N" or "block FILE"
 * (wait N seconds, or until FILE exists, at most 60 s; then go on), "code N"
 * (return the number N as it is),
 * and at eom "hdr TYPE INDEX LINE", "rcpt-add ADDR", "rcpt-del ADDR" (then go
 * on), "replace TEXT" (RPLCMSG; TEXT with \n as CRLF, served in 7-byte
 * chunks). Undecided: CONT (msg: OK).
 * Echo: eom always appends the headers X-Testpm-Message (bytes and FNV-1a of
 * the reassembled message, a final ".\r\n" after CRLF dropped), X-Testpm-Macros
 * (stage.NAME=value of every macro fetched at connect and ehlo, then in this
 * transaction from mail on) and X-Testpm-Checks
 * ("ok" or the API checks that failed: getmac of an unrequested id, edits
 * outside eom, bad macro requests accepted, overlapping callbacks).
 * LOGFILE gets one line per event: "HOST EVENT [DETAIL]" (negotiate, connect,
 * helo, mail, rcpt, data, chunks SIZES, eom, abort, close, unknown).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sm/error.h"
#include "sm/hdrmoddef.h"
#include "sm/pmfapi.h"
#include "sm/pmfdef.h"
#include "sm/pmilter.h"
#include "sm/smreplycodes.h"

#define MAXRULES 128
#define MAXMSG (4 * 1024 * 1024)

struct rule {
    char stage[16], pattern[256], action[16], arg[512];
};
static struct rule rules[MAXRULES];
static int nrules;
static uint32_t macs[PM_SMST_MAX][PM_MACROS_MAX + 1];
static FILE *log_fp;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char neg_checks[256];

struct sess {
    char host[256], mail[256];
    char smacros[1024], macros[2048], checks[256], chunks[4096]; /* session, transaction */
    char *msg;
    size_t msglen;
    int busy;
    const char *rplc;
    size_t rplc_off;
    char rplc_buf[8];
    char rplc_text[512];
};

static const struct { const char *name; uint32_t id; } macro_names[] = {
    {"PMM_SEID", PMM_SEID}, {"PMM_SRVHOSTNAME", PMM_SRVHOSTNAME}, {"PMM_CLIENT_RESOLVE", PMM_CLIENT_RESOLVE},
    {"PMM_TLS_VERSION", PMM_TLS_VERSION}, {"PMM_TLS_CIPHER_SUITE", PMM_TLS_CIPHER_SUITE},
    {"PMM_TLS_CIPHER_BITS", PMM_TLS_CIPHER_BITS}, {"PMM_TLS_CERT_SUBJECT", PMM_TLS_CERT_SUBJECT},
    {"PMM_TLS_CERT_ISSUER", PMM_TLS_CERT_ISSUER}, {"PMM_TLS_ALG_BITS", PMM_TLS_ALG_BITS},
    {"PMM_TLS_VRFY", PMM_TLS_VRFY}, {"PMM_TLS_CN_SUBJECT", PMM_TLS_CN_SUBJECT},
    {"PMM_TLS_CN_ISSUER", PMM_TLS_CN_ISSUER}, {"PMM_AUTH_TYPE", PMM_AUTH_TYPE},
    {"PMM_AUTH_AUTHEN", PMM_AUTH_AUTHEN}, {"PMM_AUTH_AUTHOR", PMM_AUTH_AUTHOR},
    {"PMM_MAIL_TAID", PMM_MAIL_TAID}, {"PMM_DOT_MSGID", PMM_DOT_MSGID}, {"PMM_DOT_HOPS", PMM_DOT_HOPS},
};
static const char *stage_names[PM_SMST_MAX] = {"connect", "ehlo", "mail", "rcpt", "data", "dot"};
static const struct { const char *name; int code; } codes[] = {
    {"CONT", SMTP_R_CONT}, {"OK", SMTP_R_OK}, {"ACCEPT", SMTP_R_ACCEPT}, {"TEMP", SMTP_R_TEMP},
    {"PERM", SMTP_R_PERM}, {"DISCARD", SMTP_R_DISCARD}, {"SSD", SMTP_R_SSD},
};
static const struct { const char *name; unsigned type; } hdrtypes[] = {
    {"APPEND", SM_HDRMOD_T_APPEND}, {"INSERT", SM_HDRMOD_T_INSERT},
    {"REPLACE", SM_HDRMOD_T_REPLACE}, {"REMOVE", SM_HDRMOD_T_REMOVE},
};

static void logev(const struct sess *s, const char *fmt, ...) {
    va_list ap;
    if (!log_fp) return;
    pthread_mutex_lock(&log_mu);
    fprintf(log_fp, "%s ", s ? s->host : "-");
    va_start(ap, fmt);
    vfprintf(log_fp, fmt, ap);
    va_end(ap);
    fputc('\n', log_fp);
    fflush(log_fp);
    pthread_mutex_unlock(&log_mu);
}

static void append(char *buf, size_t size, const char *text) {
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s", text);
}

static const char *macro_name(uint32_t id) {
    for (size_t i = 0; i < sizeof macro_names / sizeof macro_names[0]; i++)
        if (macro_names[i].id == id) return macro_names[i].name;
    return "?";
}

static int stage_index(const char *name) {
    for (int i = 0; i < PM_SMST_MAX; i++)
        if (strcmp(stage_names[i], name) == 0) return i;
    return -1;
}

/* Fetches every macro requested for `stage` and records it. */
static void fetch_macros(pmse_ctx_P ctx, struct sess *s, int stage) {
    char item[600];
    for (int i = 0; macs[stage][i] != PMM_END; i++) {
        char *v = NULL;
        if (sm_is_err(sm_pmfi_getmac(ctx, macs[stage][i], &v))) {
            snprintf(item, sizeof item, " getmac-%s", macro_name(macs[stage][i]));
            append(s->checks, sizeof s->checks, item);
            continue;
        }
        char *rec = stage < PM_SMST_MAIL ? s->smacros : s->macros;
        size_t size = stage < PM_SMST_MAIL ? sizeof s->smacros : sizeof s->macros;
        snprintf(item, sizeof item, "%s%s.%s=%s", rec[0] ? " " : "", stage_names[stage],
                 macro_name(macs[stage][i]), v ? v : "(null)");
        append(rec, size, item);
    }
}

static struct sess *enter(pmse_ctx_P ctx) {
    struct sess *s = sm_pmfi_get_ctx_se(ctx);
    if (s && __atomic_exchange_n(&s->busy, 1, __ATOMIC_SEQ_CST))
        append(s->checks, sizeof s->checks, " overlap");
    return s;
}

static void leave(struct sess *s) {
    if (s) __atomic_store_n(&s->busy, 0, __ATOMIC_SEQ_CST);
}

/* Sets the reply TEXT, with the two characters \r\n in it as CRLF. */
static void reply_text(pmse_ctx_P ctx, const char *text) {
    char buf[600];
    size_t j = 0;
    if (!*text) return;
    for (const char *p = text; *p && j + 3 < sizeof buf; p++) {
        if (strncmp(p, "\\r\\n", 4) == 0) { buf[j++] = '\r'; buf[j++] = '\n'; p += 3; }
        else buf[j++] = *p;
    }
    buf[j] = '\0';
    append(buf, sizeof buf, "\r\n");
    if (sm_is_err(sm_pmfi_setreply(ctx, buf))) logev(NULL, "setreply refused: %s", text);
}

static void eom_edit(pmse_ctx_P ctx, struct sess *s, const struct rule *r) {
    if (strcmp(r->action, "rcpt-add") == 0) sm_pmfi_rcpt_add(ctx, r->arg, NULL);
    else if (strcmp(r->action, "rcpt-del") == 0) sm_pmfi_rcpt_del(ctx, r->arg, 0);
    else if (strcmp(r->action, "hdr") == 0) {
        char type[16] = "";
        unsigned idx = 0;
        int off = 0;
        if (sscanf(r->arg, "%15s %u %n", type, &idx, &off) < 2) return;
        for (size_t i = 0; i < sizeof hdrtypes / sizeof hdrtypes[0]; i++)
            if (strcmp(hdrtypes[i].name, type) == 0) {
                char line[600];
                snprintf(line, sizeof line, "%s\r\n", r->arg + off);
                if (sm_is_err(sm_pmfi_hdr_mod(ctx, hdrtypes[i].type, idx, (unsigned char *)line)))
                    append(s->checks, sizeof s->checks, " hdr_mod-in-eom");
            }
    }
}

/* Waits until FILE exists (at most 60 s): a slow pmilter whose answer the
 * test releases, so no timing decides the outcome. */
static void block_on(const char *file) {
    for (int i = 0; i < 6000 && access(file, F_OK) != 0; i++) usleep(10000);
}

/* Runs the rules of `stage` whose pattern matches `key`; returns the code. */
static sfsistat_T decide(pmse_ctx_P ctx, struct sess *s, const char *stage, const char *key, sfsistat_T dflt) {
    for (int i = 0; i < nrules; i++) {
        const struct rule *r = &rules[i];
        if (strcmp(r->stage, stage) != 0 || (strcmp(r->pattern, "*") != 0 && strcmp(r->pattern, key) != 0))
            continue;
        if (strcmp(r->action, "sleep") == 0) { sleep((unsigned)atoi(r->arg)); continue; }
        if (strcmp(r->action, "block") == 0) { block_on(r->arg); continue; }
        if (strcmp(r->action, "replace") == 0 && s) {
            size_t j = 0;
            for (const char *p = r->arg; *p && j + 2 < sizeof s->rplc_text; p++) {
                if (p[0] == '\\' && p[1] == 'n') { s->rplc_text[j++] = '\r'; s->rplc_text[j++] = '\n'; p++; }
                else s->rplc_text[j++] = *p;
            }
            s->rplc_text[j] = '\0';
            s->rplc = s->rplc_text;
            s->rplc_off = 0;
            return SMTP_R_RPLCMSG;
        }
        if (s && strcmp(stage, "eom") == 0 && strcmp(r->action, "hdr") * strcmp(r->action, "rcpt-add") *
                                                  strcmp(r->action, "rcpt-del") == 0) {
            eom_edit(ctx, s, r);
            continue;
        }
        if (strcmp(r->action, "code") == 0) return atoi(r->arg); /* any value, even no SMTP_R_* */
        for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++)
            if (strcmp(codes[c].name, r->action) == 0) {
                reply_text(ctx, r->arg);
                return codes[c].code;
            }
    }
    return dflt;
}

static sm_ret_T t_negotiate(pmss_ctx_P ss, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t *pa,
                            uint32_t *pb, uint32_t *pc, uint32_t *pd) {
    uint32_t nine[PM_MACROS_MAX + 2], taid[2] = {PMM_MAIL_TAID, PMM_END}, msgid[2] = {PMM_DOT_MSGID, PMM_END};
    (void)a; (void)b; (void)c; (void)d;
    *pa = SM_SCAP_PM_ALL; *pb = *pc = *pd = 0;
    for (int i = 0; i <= PM_MACROS_MAX; i++) nine[i] = PMM_SEID;
    nine[PM_MACROS_MAX + 1] = PMM_END;
    neg_checks[0] = '\0';
    if (!sm_is_err(sm_pmfi_setmacs(ss, PM_SMST_CONNECT, nine))) append(neg_checks, sizeof neg_checks, " too-many");
    if (!sm_is_err(sm_pmfi_setmacs(ss, PM_SMST_CONNECT, taid))) append(neg_checks, sizeof neg_checks, " taid");
    if (!sm_is_err(sm_pmfi_setmacs(ss, PM_SMST_MAIL, msgid))) append(neg_checks, sizeof neg_checks, " msgid");
    if (!sm_is_err(sm_pmfi_setmaclist(ss, PM_SMST_EHLO, PMM_MAIL_TAID, PMM_END)))
        append(neg_checks, sizeof neg_checks, " maclist-taid");
    for (int st = 0; st < PM_SMST_MAX; st++) {
        sm_ret_T r = sm_pmfi_setmacs(ss, (unsigned)st, macs[st]);
        if (sm_is_err(r)) return r;
    }
    logev(NULL, "negotiate");
    return SM_SUCCESS;
}

static sfsistat_T t_connect(pmse_ctx_P ctx, const char *host, sm_sockaddr_T *sa) {
    struct sess *s = calloc(1, sizeof *s);
    char *v = NULL;
    if (!s) return SMTP_R_ACCEPT;
    snprintf(s->host, sizeof s->host, "%s", host);
    snprintf(s->checks, sizeof s->checks, "%s", neg_checks);
    sm_pmfi_set_ctx_se(ctx, s);
    enter(ctx);
    fetch_macros(ctx, s, PM_SMST_CONNECT);
    if (!sm_is_err(sm_pmfi_getmac(ctx, PMM_DOT_MSGID, &v))) append(s->checks, sizeof s->checks, " getmac-unrequested");
    if (!sm_is_err(sm_pmfi_hdr_mod(ctx, SM_HDRMOD_T_APPEND, 0, (const unsigned char *)"X-No: x\r\n")))
        append(s->checks, sizeof s->checks, " hdr_mod-outside-eom");
    logev(s, "connect family=%s", sa->sa.sa_family == AF_INET6 ? "inet6" : sa->sa.sa_family == AF_INET ? "inet" : "?");
    sfsistat_T r = decide(ctx, s, "connect", host, SMTP_R_CONT);
    leave(s);
    return r;
}

static sfsistat_T t_helo(pmse_ctx_P ctx, const char *name, bool ehlo) {
    struct sess *s = enter(ctx);
    fetch_macros(ctx, s, PM_SMST_EHLO);
    logev(s, "helo %s %s", ehlo ? "ehlo" : "helo", name);
    sfsistat_T r = decide(ctx, s, "helo", name, SMTP_R_CONT);
    leave(s);
    return r;
}

static void argv_text(char *buf, size_t size, char **argv) {
    snprintf(buf, size, "%s", argv ? "" : " argv=NULL");
    for (int i = 0; argv && argv[i]; i++) { append(buf, size, " "); append(buf, size, argv[i]); }
}

static sfsistat_T t_mail(pmse_ctx_P ctx, const char *addr, char **argv) {
    struct sess *s = enter(ctx);
    char args[512];
    snprintf(s->mail, sizeof s->mail, "%s", addr);
    s->msglen = 0;
    s->chunks[0] = '\0';
    s->macros[0] = '\0';
    fetch_macros(ctx, s, PM_SMST_MAIL);
    argv_text(args, sizeof args, argv);
    logev(s, "mail %s%s", addr, args);
    sfsistat_T r = decide(ctx, s, "mail", addr, SMTP_R_CONT);
    leave(s);
    return r;
}

static sfsistat_T t_rcpt(pmse_ctx_P ctx, const char *addr, char **argv) {
    struct sess *s = enter(ctx);
    char args[512];
    fetch_macros(ctx, s, PM_SMST_RCPT);
    argv_text(args, sizeof args, argv);
    logev(s, "rcpt %s%s", addr, args);
    sfsistat_T r = decide(ctx, s, "rcpt", addr, SMTP_R_CONT);
    leave(s);
    return r;
}

static sfsistat_T t_data(pmse_ctx_P ctx) {
    struct sess *s = enter(ctx);
    fetch_macros(ctx, s, PM_SMST_DATA);
    logev(s, "data");
    sfsistat_T r = decide(ctx, s, "data", s->mail, SMTP_R_CONT);
    leave(s);
    return r;
}

static sfsistat_T t_msg(pmse_ctx_P ctx, unsigned char *buf, size_t len) {
    struct sess *s = enter(ctx);
    char n[24];
    if (!s->msg) s->msg = malloc(MAXMSG);
    if (s->msg && s->msglen + len <= MAXMSG) { memcpy(s->msg + s->msglen, buf, len); s->msglen += len; }
    snprintf(n, sizeof n, "%s%zu", s->chunks[0] ? "," : "", len);
    append(s->chunks, sizeof s->chunks, n);
    sfsistat_T r = decide(ctx, s, "msg", s->mail, SMTP_R_OK);
    if (r != SMTP_R_OK) logev(s, "chunks %s", s->chunks);
    leave(s);
    return r;
}

static uint32_t fnv1a(const char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static void echo_headers(pmse_ctx_P ctx, struct sess *s) {
    char line[3500];
    size_t n = s->msglen;
    if (n >= 5 && memcmp(s->msg + n - 5, "\r\n.\r\n", 5) == 0) n -= 3;
    snprintf(line, sizeof line, "X-Testpm-Message: bytes=%zu fnv=%08x\r\n", n, s->msg ? fnv1a(s->msg, n) : fnv1a("", 0));
    sm_pmfi_hdr_mod(ctx, SM_HDRMOD_T_APPEND, 0, (unsigned char *)line);
    snprintf(line, sizeof line, "X-Testpm-Macros: %s%s%s\r\n", s->smacros, s->smacros[0] && s->macros[0] ? " " : "",
             s->macros);
    sm_pmfi_hdr_mod(ctx, SM_HDRMOD_T_APPEND, 0, (unsigned char *)line);
    snprintf(line, sizeof line, "X-Testpm-Checks: %s\r\n", s->checks[0] ? s->checks + 1 : "ok");
    sm_pmfi_hdr_mod(ctx, SM_HDRMOD_T_APPEND, 0, (unsigned char *)line);
}

static sfsistat_T t_eom(pmse_ctx_P ctx) {
    struct sess *s = enter(ctx);
    fetch_macros(ctx, s, PM_SMST_DOT);
    logev(s, "chunks %s", s->chunks);
    logev(s, "eom");
    echo_headers(ctx, s);
    sfsistat_T r = decide(ctx, s, "eom", s->mail, SMTP_R_CONT);
    s->msglen = 0;
    s->chunks[0] = '\0';
    s->macros[0] = '\0';
    leave(s);
    return r;
}

static sfsistat_T t_msg_rplc(pmse_ctx_P ctx, const unsigned char **chunk, size_t *len) {
    struct sess *s = sm_pmfi_get_ctx_se(ctx);
    size_t left = s && s->rplc ? strlen(s->rplc) - s->rplc_off : 0;
    if (left == 0) return SMTP_R_OK;
    *len = left < 7 ? left : 7;
    memcpy(s->rplc_buf, s->rplc + s->rplc_off, *len);
    s->rplc_off += *len;
    *chunk = (const unsigned char *)s->rplc_buf;
    return SMTP_R_CONT;
}

static sfsistat_T t_msg_rplc_stat(pmse_ctx_P ctx, sm_ret_T status) {
    struct sess *s = sm_pmfi_get_ctx_se(ctx);
    logev(s, "replaced status=%d", (int)status);
    if (s) s->rplc = NULL;
    return SMTP_R_OK;
}

static sm_ret_T t_abort(pmse_ctx_P ctx) {
    struct sess *s = enter(ctx);
    logev(s, "abort");
    if (s) { s->msglen = 0; s->chunks[0] = '\0'; s->macros[0] = '\0'; }
    leave(s);
    return SM_SUCCESS;
}

static sm_ret_T t_close(pmse_ctx_P ctx) {
    struct sess *s = enter(ctx);
    logev(s, "close");
    sm_pmfi_set_ctx_se(ctx, NULL);
    if (s) { free(s->msg); free(s); }
    return SM_SUCCESS;
}

static sfsistat_T t_unknown(pmse_ctx_P ctx, const char *cmd) {
    struct sess *s = enter(ctx);
    logev(s, "unknown %s", cmd);
    sfsistat_T r = decide(ctx, s, "unknown", cmd, SMTP_R_CONT);
    leave(s);
    return r;
}

static sm_ret_T t_signal(pmg_ctx_P g, int sig) {
    (void)g;
    logev(NULL, "signal %d", sig);
    return SM_SUCCESS;
}

static int read_macros(char *rest, int lineno) {
    char *tok = strtok(rest, " \t");
    int st = tok ? stage_index(tok) : -1, n = 0;
    if (st < 0) { fprintf(stderr, "testpm: line %d: bad stage\n", lineno); return -1; }
    while ((tok = strtok(NULL, " \t")) && n < PM_MACROS_MAX) {
        size_t i = 0;
        while (i < sizeof macro_names / sizeof macro_names[0] && strcmp(macro_names[i].name, tok) != 0) i++;
        if (i == sizeof macro_names / sizeof macro_names[0]) {
            fprintf(stderr, "testpm: line %d: unknown macro %s\n", lineno, tok);
            return -1;
        }
        macs[st][n++] = macro_names[i].id;
    }
    macs[st][n] = PMM_END;
    return 0;
}

static int read_rules(const char *path) {
    char line[1024];
    int lineno = 0;
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    while (fgets(line, sizeof line, f)) {
        struct rule r;
        memset(&r, 0, sizeof r);
        int off = 0;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#') continue;
        if (strncmp(line, "macros ", 7) == 0) { if (read_macros(line + 7, lineno) < 0) break; continue; }
        if (sscanf(line, "%15s %255s %15s %n", r.stage, r.pattern, r.action, &off) < 3 || nrules >= MAXRULES) {
            fprintf(stderr, "testpm: %s:%d: want STAGE PATTERN ACTION [ARG]\n", path, lineno);
            fclose(f);
            return -1;
        }
        if (off > 0) snprintf(r.arg, sizeof r.arg, "%s", line + off);
        rules[nrules++] = r;
    }
    fclose(f);
    return 0;
}

static pmilter_T testpm = {
    "testpm", LPMILTER_VERSION, SM_SCAP_PM_ALL, 0, 0, 0, t_negotiate, t_connect, t_helo, t_mail, t_rcpt, t_data,
    t_msg, t_eom, t_abort, t_close, t_unknown, t_signal, NULL, NULL, t_msg_rplc, t_msg_rplc_stat, 0, 0, 0,
};

int main(int argc, char **argv) {
    pmg_ctx_P g;
    uint32_t major, minor, patch;
    int opt;
    unsigned dbg = 0;
    for (int i = 0; i < PM_SMST_MAX; i++) macs[i][0] = PMM_END;
    while ((opt = getopt(argc, argv, "d:l:s:h:f:")) != -1) {
        switch (opt) {
            case 'd': dbg = (unsigned)atoi(optarg); break;
            case 'l': log_fp = fopen(optarg, "a"); if (!log_fp) { perror(optarg); return 2; } break;
            case 's': testpm.pmfi_thrmax_s = (unsigned)atoi(optarg); break;
            case 'h': testpm.pmfi_thrmax_h = (unsigned)atoi(optarg); break;
            case 'f': testpm.pmfi_fdmax = (unsigned)atoi(optarg); break;
            default: goto usage;
        }
    }
    if (argc - optind != 2) goto usage;
    if (read_rules(argv[optind + 1]) < 0) return 2;
    if (sm_is_err(sm_pmfi_init(&g)) || sm_is_err(sm_pmfi_version(g, &major, &minor, &patch)) ||
        major != LPMILTER_VERSION_MAJOR) {
        fprintf(stderr, "testpm: library init or version mismatch\n");
        return 2;
    }
    sm_pmfi_setdbg(g, dbg);
    if (sm_is_err(sm_pmfi_setconn(g, argv[optind])) || sm_is_err(sm_pmfi_set_ctx_g(g, NULL))) {
        fprintf(stderr, "testpm: bad socket spec %s\n", argv[optind]);
        return 2;
    }
    sm_ret_T r = sm_pmfi_start(g, &testpm);
    fprintf(stderr, "testpm: sm_pmfi_start returned %d: %s\n", (int)r, smerr2txt(r) ? smerr2txt(r) : "?");
    return 1;
usage:
    fprintf(stderr, "usage: testpm [-d DBG] [-l LOG] [-s THR_S] [-h THR_H] [-f FDMAX] SPEC RULEFILE\n");
    return 2;
}
