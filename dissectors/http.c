/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HTTP/1.x over TCP: request and status lines, headers, bodies delimited by Content-Length,
 * chunked encoding or the end of the stream, messages spread over segments (through the TCP
 * desegment contract), and the body layers tshark shows after it (data-text-lines, json, xml,
 * urlencoded-form, mime_multipart, media, data). Info and Protocol as tshark 4.0 writes them. */
#include <string.h>
#include <stdlib.h>
#include <gio/gio.h>
#include "dissect.h"
#include "session.h"
#include "body-text.h"

static int proto_http = -1;
static int proto_text_lines = -1, proto_urlencoded = -1,
  proto_multipart = -1, proto_media = -1;

static int hf_request = -1, hf_response = -1, hf_request_method = -1, hf_request_uri = -1,
  hf_request_version = -1, hf_response_version = -1, hf_response_code = -1,
  hf_response_code_desc = -1, hf_response_phrase = -1, hf_request_line = -1,
  hf_response_line = -1, hf_full_uri = -1, hf_request_number = -1, hf_response_number = -1,
  hf_request_in = -1, hf_prev_request_in = -1, hf_prev_response_in = -1, hf_time = -1,
  hf_response_for_uri = -1, hf_content_length = -1, hf_content_length_header = -1,
  hf_file_data = -1, hf_chunk_size = -1, hf_chunk_data = -1, hf_chunk_boundary = -1,
  hf_cookie_pair = -1, hf_unknown_header = -1, hf_chat = -1, hf_decompression_failed = -1;

/* Headers with a field of their own. */
static int hf_hdr[32];
static const struct {
  const char *header;  /* lower case */
  const char *name;
  const char *abbrev;
} known_headers[] = {
  { "authorization", "Authorization", "http.authorization" },
  { "proxy-authenticate", "Proxy-Authenticate", "http.proxy_authenticate" },
  { "proxy-authorization", "Proxy-Authorization", "http.proxy_authorization" },
  { "www-authenticate", "WWW-Authenticate", "http.www_authenticate" },
  { "content-type", "Content-Type", "http.content_type" },
  { "content-encoding", "Content-Encoding", "http.content_encoding" },
  { "transfer-encoding", "Transfer-Encoding", "http.transfer_encoding" },
  { "upgrade", "Upgrade", "http.upgrade" },
  { "user-agent", "User-Agent", "http.user_agent" },
  { "host", "Host", "http.host" },
  { "connection", "Connection", "http.connection" },
  { "cookie", "Cookie", "http.cookie" },
  { "accept", "Accept", "http.accept" },
  { "referer", "Referer", "http.referer" },
  { "accept-language", "Accept-Language", "http.accept_language" },
  { "accept-encoding", "Accept Encoding", "http.accept_encoding" },
  { "date", "Date", "http.date" },
  { "cache-control", "Cache-Control", "http.cache_control" },
  { "server", "Server", "http.server" },
  { "location", "Location", "http.location" },
  { "sec-websocket-accept", "Sec-WebSocket-Accept", "http.sec_websocket_accept" },
  { "sec-websocket-extensions", "Sec-WebSocket-Extensions", "http.sec_websocket_extensions" },
  { "sec-websocket-key", "Sec-WebSocket-Key", "http.sec_websocket_key" },
  { "sec-websocket-protocol", "Sec-WebSocket-Protocol", "http.sec_websocket_protocol" },
  { "sec-websocket-version", "Sec-WebSocket-Version", "http.sec_websocket_version" },
  { "set-cookie", "Set-Cookie", "http.set_cookie" },
  { "last-modified", "Last-Modified", "http.last_modified" },
  { "x-forwarded-for", "X-Forwarded-For", "http.x_forwarded_for" },
  { "http2-settings", "HTTP2-Settings", "http.http2_settings" },
  { "content-length", NULL, NULL }, /* http.content_length_header, handled apart */
};

/* Body layers */
static int hf_text_line = -1, hf_urlencoded_key = -1, hf_urlencoded_value = -1,
  hf_multipart_type = -1, hf_multipart_part = -1, hf_multipart_first_boundary = -1,
  hf_multipart_preamble = -1,
  hf_multipart_boundary = -1, hf_multipart_last_boundary = -1,
  hf_multipart_content_type = -1, hf_multipart_content_disposition = -1,
  hf_media_type = -1;

/* The body dissectors of their own files (json.c, xml.c), called with the media type as data. */
static WlDissector *json_handle, *xml_handle;

static const WlValueString status_names[] = {
  { 100, "Continue" }, { 101, "Switching Protocols" }, { 102, "Processing" }, { 103, "Early Hints" },
  { 199, "Informational - Others" },
  { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" }, { 203, "Non-authoritative Information" },
  { 204, "No Content" }, { 205, "Reset Content" }, { 206, "Partial Content" }, { 207, "Multi-Status" },
  { 208, "Already Reported" }, { 226, "IM Used" }, { 299, "Success - Others" },
  { 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
  { 304, "Not Modified" }, { 305, "Use Proxy" }, { 307, "Temporary Redirect" },
  { 308, "Permanent Redirect" }, { 399, "Redirection - Others" },
  { 400, "Bad Request" }, { 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
  { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
  { 407, "Proxy Authentication Required" }, { 408, "Request Time-out" }, { 409, "Conflict" },
  { 410, "Gone" }, { 411, "Length Required" }, { 412, "Precondition Failed" },
  { 413, "Request Entity Too Large" }, { 414, "Request-URI Too Long" },
  { 415, "Unsupported Media Type" }, { 416, "Requested Range Not Satisfiable" },
  { 417, "Expectation Failed" }, { 418, "I'm a teapot" }, { 421, "Misdirected Request" },
  { 422, "Unprocessable Entity" }, { 423, "Locked" }, { 424, "Failed Dependency" },
  { 425, "Too Early" }, { 426, "Upgrade Required" }, { 428, "Precondition Required" },
  { 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
  { 451, "Unavailable For Legal Reasons" }, { 499, "Client Error - Others" },
  { 500, "Internal Server Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
  { 503, "Service Unavailable" }, { 504, "Gateway Time-out" }, { 505, "HTTP Version not supported" },
  { 506, "Variant Also Negotiates" }, { 507, "Insufficient Storage" }, { 508, "Loop Detected" },
  { 510, "Not Extended" }, { 511, "Network Authentication Required" },
  { 599, "Server Error - Others" }, { 0, NULL }
};

static const char *const methods[] = {
  "GET", "PUT", "ACL", "POST", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "BIND", "LINK", "PATCH",
  "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
  "REBIND", "UNBIND", "UNLINK", "OPTIONS", "CONNECT", "PROPFIND", "M-SEARCH", "CHECKIN",
  "CHECKOUT", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH", "BDELETE", "BCOPY", "BMOVE",
  "MKACTIVITY", "MKWORKSPACE", "MKCALENDAR", "MKREDIRECTREF", "UNCHECKOUT", "UNSUBSCRIBE",
  "ORDERPATCH", "BASELINE-CONTROL", "VERSION-CONTROL", "UPDATEREDIRECTREF", "RPC_IN_DATA",
  "RPC_OUT_DATA", "SSTP_DUPLEX_POST", "PRI",
};

/* ---- Per-stream state (first pass) ---- */

/* A request and its response, numbered as tshark numbers them: a response that finds no
 * request waiting gets an entry (and a number) of its own. */
typedef struct {
  guint32 number;
  guint32 req_frame, res_frame;
  gboolean is_head;
  const char *uri;          /* the full request URI (HttpState.uris) */
} Exchange;

typedef struct {
  guint32 heur_frame;       /* found by the heuristic from this frame on (0: not) */
  guint32 first_msg_frame;  /* the first request or response seen */
  GPtrArray *exchanges;     /* Exchange*, in order; the last alone once the first pass is over */
  const char *last_uri;     /* the last request's URI (HttpState.uris) */
} HttpStream;

/* What the first pass learned about one message, read back on later visits. */
typedef struct {
  guint32 number;            /* request or response number in the stream */
  guint32 prev_request, prev_response;
  guint32 request_frame;     /* responses: the request answered (its time is the frame's) */
  const char *request_uri;
  guint8 no_body;            /* responses to HEAD */
} HttpMsgInfo;

typedef struct {
  GHashTable *streams;       /* stream index -> HttpStream* */
  GStringChunk *uris;        /* the request URIs, each once (a site's pages recur) */
} HttpState;

static void
http_stream_free (gpointer data)
{
  HttpStream *s = data;
  g_ptr_array_free (s->exchanges, TRUE);
  g_free (s);
}

static void
http_state_free (gpointer data)
{
  HttpState *st = data;
  g_hash_table_destroy (st->streams);
  g_string_chunk_free (st->uris);
  g_free (st);
}

/* The first pass is over: a stream's earlier exchanges are not read again (numbering and the
 * previous request and response are the first pass's); the last one still answers
 * open_exchange () for a response that was never tracked. */
static void
http_state_finish (gpointer data)
{
  HttpState *st = data;
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, st->streams);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      HttpStream *s = value;
      if (s->exchanges->len <= 1)
        continue;
      GPtrArray *last = g_ptr_array_new_full (1, g_free);
      g_ptr_array_add (last, g_ptr_array_steal_index (s->exchanges, s->exchanges->len - 1));
      g_ptr_array_free (s->exchanges, TRUE);
      s->exchanges = last;
    }
}

static HttpState *
http_state (WlPacket *p)
{
  HttpState *st = wl_session_get_state (p->session, proto_http);
  if (!st)
    {
      st = g_new0 (HttpState, 1);
      st->streams = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, http_stream_free);
      st->uris = g_string_chunk_new ((gsize) 64 * 1024);
      wl_session_set_state (p->session, proto_http, st, http_state_free);
      wl_session_set_state_finish (p->session, proto_http, http_state_finish);
    }
  return st;
}

static HttpStream *
http_stream (WlPacket *p, gboolean create)
{
  HttpState *st = http_state (p);
  HttpStream *s = g_hash_table_lookup (st->streams, GUINT_TO_POINTER (p->stream));
  if (!s && create)
    {
      s = g_new0 (HttpStream, 1);
      s->exchanges = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (st->streams, GUINT_TO_POINTER (p->stream), s);
    }
  return s;
}

/* ---- Text helpers ---- */

/* Text as tshark 4.0's format_text shows it (body-text.h). */
char *
wl_format_text (WlArena *a, const guint8 *s, gsize n)
{
  GString *g = g_string_sized_new (n + 8);
  const char *c = (const char *) s, *e = c + n;
  while (c < e)
    {
      guint8 b = (guint8) *c;
      if (b >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (c, e - c);
          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              g_string_append (g, "\xef\xbf\xbd");
              c++;
            }
          else
            {
              const char *next = g_utf8_next_char (c);
              g_string_append_len (g, c, next - c);
              c = next;
            }
          continue;
        }
      char esc = 0;
      switch (b)
        {
        case '\a': esc = 'a'; break;
        case '\b': esc = 'b'; break;
        case '\f': esc = 'f'; break;
        case '\n': esc = 'n'; break;
        case '\r': esc = 'r'; break;
        case '\t': esc = 't'; break;
        case '\v': esc = 'v'; break;
        default: break;
        }
      if (esc)
        g_string_append_printf (g, "\\%c", esc);
      else if (b < 0x20 || b == 0x7f)
        g_string_append_printf (g, "\\%03o", b);
      else
        g_string_append_c (g, (char) b);
      c++;
    }
  char *r = wl_arena_strndup (a, g->str, g->len);
  g_string_free (g, TRUE);
  return r;
}

/* The same, as a tree label: tshark's labels hold 239 bytes (body-text.h). */
char *
wl_format_label_text (WlArena *a, const guint8 *s, gsize n)
{
  char *t = wl_format_text (a, s, n);
  gsize len = strlen (t);
  if (len < 240)
    return t;
  /* tshark's labels hold 239 bytes: a longer one is marked and cut (at a character) */
  gsize keep = 226;
  while (keep > 0 && ((guint8) t[keep] & 0xc0) == 0x80)
    keep--;
  return wl_arena_printf (a, " [truncated]%.*s", (int) keep, t);
}

/* A copy (arena) of bytes read as ASCII, as tshark reads HTTP text: every byte above 0x7f
 * becomes U+FFFD. */
static char *
ascii_string (WlArena *a, const guint8 *s, gsize n)
{
  gsize high = 0;
  for (gsize i = 0; i < n; i++)
    high += s[i] >= 0x80;
  if (!high)
    return wl_arena_strndup (a, (const char *) s, n);
  char *r = wl_arena_alloc (a, n + 2 * high + 1);
  gsize k = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (s[i] < 0x80)
        r[k++] = (char) s[i];
      else
        {
          memcpy (r + k, "\xef\xbf\xbd", 3);
          k += 3;
        }
    }
  r[k] = 0;
  return r;
}

static gboolean
is_method (const guint8 *s, gsize n)
{
  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strlen (methods[i]) == n && memcmp (methods[i], s, n) == 0)
      return TRUE;
  return FALSE;
}

typedef enum { MSG_NONE, MSG_REQUEST, MSG_RESPONSE } MsgType;

/* "token:" or a folded continuation line, as tshark recognizes a header line. */
static gboolean
looks_like_header (const guint8 *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = s[i];
      if (c < 0x20 || c >= 0x7f)
        return FALSE;
      if (c == ':' || ((c == ' ' || c == '\t') && i == 0))
        return TRUE;
      if (strchr ("()<>@,;\\\"/[]?={} \t", c))
        return FALSE;
    }
  return FALSE;
}

/* Classifies a first line as tshark does: "HTTP/" starts a response, a known method followed
 * by a space a request. */
static MsgType
classify_line (const guint8 *s, gsize n)
{
  if (n >= 5 && memcmp (s, "HTTP/", 5) == 0)
    return MSG_RESPONSE;
  const guint8 *sp = memchr (s, ' ', n);
  if (sp && is_method (s, (gsize) (sp - s)))
    return MSG_REQUEST;
  return MSG_NONE;
}

/* The content type without parameters, lower case (arena). */
static char *
media_type_of (WlArena *a, const char *ct)
{
  if (!ct)
    return NULL;
  gsize n = strcspn (ct, ";");
  while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
    n--;
  char *r = wl_arena_strndup (a, ct, n);
  for (char *q = r; *q; q++)
    *q = g_ascii_tolower (*q);
  return r;
}

/* A parameter of a header value ("boundary" of a Content-Type), or NULL (arena). */
static char *
header_param (WlArena *a, const char *value, const char *param)
{
  gsize plen = strlen (param);
  for (const char *q = strchr (value, ';'); q; q = strchr (q + 1, ';'))
    {
      const char *k = q + 1;
      while (*k == ' ' || *k == '\t')
        k++;
      if (g_ascii_strncasecmp (k, param, plen) == 0 && k[plen] == '=')
        {
          const char *v = k + plen + 1;
          if (*v == '"')
            {
              const char *e = strchr (v + 1, '"');
              return wl_arena_strndup (a, v + 1, e ? (gsize) (e - v - 1) : strlen (v + 1));
            }
          return wl_arena_strndup (a, v, strcspn (v, "; \t"));
        }
    }
  return NULL;
}

/* ---- Body layers ---- */

static void dissect_media_body (WlPacket *p, const WlView *body, WlNode *parent, const char *mtype,
                                const char *content_type, int depth);

static const char *const text_lines_types[] = {
  "text/plain", "text/html", "text/css", "text/javascript", "text/richtext",
  "application/x-javascript", "text/vnd.sun.j2me.app-descriptor",
};

static const char *const xml_types[] = {
  "text/xml", "application/xml", "application/soap+xml", "application/atom+xml",
  "application/rss+xml", "image/svg+xml", "application/xml-dtd", "application/xslt+xml",
  "application/rdf+xml", "application/mathml+xml", "application/pidf+xml",
  "application/reginfo+xml", "application/xcap-el+xml", "application/xcap-att+xml",
  "application/xcap-error+xml", "application/xcap-caps+xml", "application/xcap-diff+xml",
  "application/resource-lists+xml", "application/rls-services+xml", "application/watcherinfo+xml",
  "application/simple-filter+xml", "application/vnd.oma.xcap-directory+xml",
  "application/xcon-conference-info+xml", "application/conference-info+xml",
  "application/dialog-info+xml", "application/vnd.ms-playready.initiator+xml",
  "application/x-wms-logconnectstats", "application/x-wms-sendevent", "application/xmpp+xml",
  "application/kpml-request+xml", "application/kpml-response+xml", "application/im-iscomposing+xml",
  "application/rlmi+xml", "application/ccmp+xml", "application/mbms-deregister+xml",
  "application/3gpp-ims+xml", "application/poc-settings+xml", "application/vnd.3gpp.sms+xml",
};

static const char *const json_types[] = {
  "application/json", "application/json-rpc", "application/jsonrequest", "application/x-ndjson",
  "application/problem+json", "application/merge-patch+json", "application/json-patch+json",
  "application/senml+json", "application/vnd.oma.lwm2m+json", "application/dds-web+json",
};

static gboolean
type_in (const char *t, const char *const *list, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (t, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
dissect_text_lines (WlPacket *p, const WlView *v, WlNode *parent, const char *mtype)
{
  /* tshark hands text that is really an XML document to the XML dissector, on the tree it was
   * given: the text layer is recorded but adds no item. */
  if (v->len > 38 && g_ascii_strncasecmp ((const char *) v->data, "<?xml", 5) == 0)
    {
      wl_packet_add_layer (p, "data-text-lines");
      wl_dissector_call (xml_handle, p, v, parent, (gpointer) mtype);
      return;
    }
  WlNode *top = wl_add_proto (p, parent, proto_text_lines, v, 0, G_MAXUINT32);
  wl_col_append_info (p, " (%s)", mtype);
  if (!p->full)
    return;
  guint lines = 0;
  for (guint32 off = 0; off < v->len;)
    {
      guint32 next;
      gint64 n = wl_view_find_line_end (v, off, &next);
      if (n < 0)
        next = v->len;
      guint32 line_len = next - off;
      wl_add_text (p, top, v, off, line_len, "%s",
                   p->labels ? wl_format_label_text (p->arena, v->data + off, line_len) : "");
      lines++;
      off = next;
    }
  wl_node_set_label (p, top, "Line-based text data: %s (%u lines)", mtype, lines);
}

/* data-text-lines as a dissector of its own, for the body layers of other files (the bytes
 * after a JSON document): data is the media type. */
static guint32
dissect_text_lines_call (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  dissect_text_lines (p, v, parent, data ? data : "");
  return v->len;
}

typedef enum { DECODE_OK, DECODE_BAD, DECODE_CUT } DecodeStatus;

/* Decodes [off, end) of a form ('+' a space, %XX a byte) into *out. As tshark, a '%' reads the
 * two bytes after it even past end: fewer than two left in the body is DECODE_CUT (tshark's
 * exception), two that are not hex digits DECODE_BAD. */
static DecodeStatus
url_decode (WlArena *a, const WlView *v, guint32 off, guint32 end, char **out)
{
  char *r = wl_arena_alloc (a, (gsize) (end - off) + 1);
  gsize k = 0;
  for (guint32 i = off; i < end; i++)
    {
      guint8 c = v->data[i];
      if (c == '+')
        r[k++] = ' ';
      else if (c == '%')
        {
          if (!wl_view_has (v, i + 1, 2))
            return DECODE_CUT;
          if (!g_ascii_isxdigit (v->data[i + 1]) || !g_ascii_isxdigit (v->data[i + 2]))
            return DECODE_BAD;
          r[k++] = (char) (g_ascii_xdigit_value (v->data[i + 1]) * 16 + g_ascii_xdigit_value (v->data[i + 2]));
          i += 2;
        }
      else
        r[k++] = (char) c;
    }
  r[k] = 0;
  *out = r;
  return DECODE_OK;
}

static void
dissect_urlencoded (WlPacket *p, const WlView *v, WlNode *parent, const char *mtype)
{
  WlNode *top = wl_add_proto (p, parent, proto_urlencoded, v, 0, G_MAXUINT32);
  wl_node_set_label (p, top, "HTML Form URL Encoded: %s", mtype);
  wl_col_append_info (p, " (%s)", mtype);
  /* As tshark reads it: the key runs to the next '=' (over any '&'), the value from there to
   * the next '&'; without a '=' the key is the rest and the value empty. */
  for (guint32 off = 0; off < v->len;)
    {
      gint64 eq = wl_view_find_u8 (v, off, v->len - off, '=');
      guint32 kend = eq < 0 ? v->len : (guint32) eq;
      guint32 vstart = eq < 0 ? v->len : kend + 1;
      gint64 amp = wl_view_find_u8 (v, vstart, v->len - vstart, '&');
      guint32 end = amp < 0 ? v->len : (guint32) amp;
      char *key = NULL, *val = NULL;
      DecodeStatus ks = url_decode (p->arena, v, off, kend, &key);
      DecodeStatus vs = ks == DECODE_OK ? url_decode (p->arena, v, vstart, end, &val) : DECODE_OK;
      WlNode *item = wl_add_text (p, top, v, off, end - off, "Form item");
      /* a form that does not decode ends at the item that fails, which shows what did */
      if (ks != DECODE_OK || vs != DECODE_OK)
        {
          if (ks == DECODE_OK)
            {
              wl_node_set_label (p, item, "Form item: \"%s\"", key);
              wl_add_string_value (p, item, hf_urlencoded_key, v, off, kend - off, key, -1);
            }
          if (ks == DECODE_CUT || vs == DECODE_CUT)
            wl_packet_set_malformed (p, proto_urlencoded, v, off);
          return;
        }
      wl_node_set_label (p, item, "Form item: \"%s\" = \"%s\"", key, val);
      wl_add_string_value (p, item, hf_urlencoded_key, v, off, kend - off, key, -1);
      wl_add_string_value (p, item, hf_urlencoded_value, v, vstart, end - vstart, val, -1);
      off = end + 1;
    }
}

static void
dissect_media (WlPacket *p, const WlView *v, WlNode *parent, const char *mtype)
{
  WlNode *top = wl_add_proto (p, parent, proto_media, v, 0, G_MAXUINT32);
  wl_col_append_info (p, " (%s)", mtype);
  WlNode *n = wl_add_item (p, top, hf_media_type, v, 0, v->len, WL_ENC_BIG);
  wl_node_set_label (p, n, "Media type: %s (%u bytes)", mtype, v->reported);
}

/* A MIME header value as tshark's multipart dissector keeps it: blanks before and after the
 * separators : ; , = dropped, other runs of blanks (and folded line ends) made one space,
 * quoted strings kept as they are; it ends at a line end that does not fold. */
static char *
compact_mime_value (WlArena *a, const guint8 *s, gsize n)
{
  char *r = wl_arena_alloc (a, n + 1);
  gsize k = 0, i = 0;
  gboolean sep = TRUE, lws = FALSE; /* the value follows the header's ':' */
  while (i < n && s[i])
    {
      guint8 c = s[i];
      if (c == ':' || c == ';' || c == ',' || c == '=')
        {
          r[k++] = (char) c;
          sep = TRUE;
          lws = FALSE;
          i++;
        }
      else if (c == ' ' || c == '\t')
        {
          lws = TRUE;
          i++;
        }
      else if (c == '\r' || c == '\n')
        {
          gsize j = i + 1;
          if (c == '\r' && j < n && s[j] == '\n')
            j++;
          if (j < n && (s[j] == ' ' || s[j] == '\t'))
            {
              lws = TRUE;
              i = j + 1;
            }
          else
            break;
        }
      else if (c == '"')
        {
          lws = FALSE;
          r[k++] = (char) c;
          for (i++; i < n && s[i]; i++)
            {
              r[k++] = (char) s[i];
              if (s[i] == '\\' && i + 1 < n && s[i + 1])
                r[k++] = (char) s[++i];
              else if (s[i] == '"')
                {
                  i++;
                  break;
                }
            }
        }
      else
        {
          if (!sep && lws)
            r[k++] = ' ';
          sep = FALSE;
          lws = FALSE;
          r[k++] = (char) c;
          i++;
        }
    }
  r[k] = 0;
  return r;
}

/* Where the header field at off ends, as tshark's imf_find_field_end finds it: after the
 * first CR LF that a blank does not follow (a blank continues the field); *last set when an
 * empty line follows. -1 without such a CR LF. */
static gint64
mime_field_end (const WlView *v, guint32 off, gboolean *last)
{
  for (guint32 i = off; i + 1 < v->len; i++)
    {
      if (v->data[i] != '\r' || v->data[i + 1] != '\n')
        continue;
      guint32 n = i + 2;
      if (n >= v->len)
        return -1;
      if (v->data[n] == ' ' || v->data[n] == '\t')
        continue;
      if (v->data[n] == '\r' && n + 1 < v->len && v->data[n + 1] == '\n')
        *last = TRUE;
      return n;
    }
  return -1;
}

static gboolean
all_printable (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isprint (*s))
      return FALSE;
  return TRUE;
}

/* A line as tshark's multipart dissector reads it (tvb_find_line_end): it ends at CR, LF or
 * CR LF. Returns its length without the line end and sets *next, or -1 with no line end. */
static gint64
mime_line_end (const WlView *v, guint32 off, guint32 *next)
{
  for (guint32 i = off; i < v->len; i++)
    if (v->data[i] == '\r' || v->data[i] == '\n')
      {
        *next = i + 1 + (v->data[i] == '\r' && i + 1 < v->len && v->data[i + 1] == '\n');
        return i - off;
      }
  return -1;
}

/* The first line from off that starts with "--boundary" (delim): its offset, or -1. */
static gint64
find_first_boundary (const WlView *v, guint32 off, const char *delim, gsize dlen)
{
  while (off + dlen < v->len)
    {
      if (memcmp (v->data + off, delim, dlen) == 0)
        return off;
      guint32 next;
      if (mime_line_end (v, off, &next) < 0)
        return -1;
      off = next;
    }
  return -1;
}

/* The next boundary after the part at off: returns where it starts (the line end before
 * "--boundary", which ends the part) and sets *dash to the "--boundary" itself; -1 when there
 * is none. */
static gint64
find_next_boundary (const WlView *v, guint32 off, const char *delim, gsize dlen, guint32 *dash)
{
  while (off + dlen < v->len)
    {
      guint32 next;
      gint64 ll = mime_line_end (v, off, &next);
      if (ll < 0)
        return -1;
      if (next + dlen <= v->len && memcmp (v->data + next, delim, dlen) == 0)
        {
          *dash = next;
          return off + (guint32) ll;
        }
      /* a last boundary at the end of a line, without the line end before it (tshark takes
       * it so: "some ignore the standard") */
      if ((guint32) ll >= dlen + 2 && memcmp (v->data + off + ll - 2, "--", 2) == 0
          && memcmp (v->data + off + ll - 2 - dlen, delim, dlen) == 0)
        {
          *dash = off + (guint32) ll - 2 - (guint32) dlen;
          return *dash;
        }
      off = next;
    }
  return -1;
}

static void
dissect_multipart (WlPacket *p, const WlView *v, WlNode *parent, const char *mtype,
                   const char *content_type, int depth)
{
  WlNode *top = wl_add_proto (p, parent, proto_multipart, v, 0, G_MAXUINT32);
  char *boundary = header_param (p->arena, content_type, "boundary");
  if (!boundary)
    return;
  wl_node_set_label (p, top, "MIME Multipart Media Encapsulation, Type: %s, Boundary: \"%s\"", mtype, boundary);
  wl_node_set_generated (wl_add_string_value (p, top, hf_multipart_type, v, 0, 0, mtype, -1));
  char *delim = wl_arena_printf (p->arena, "--%s", boundary);
  gsize dlen = strlen (delim);
  gint64 b = find_first_boundary (v, 0, delim, dlen);
  guint32 next;
  gint64 ll = b < 0 ? -1 : mime_line_end (v, (guint32) b, &next);
  if (b == 0 && ll < 0)
    wl_add_string_value (p, top, hf_multipart_first_boundary, v, 0, v->len, (const char *) v->data, v->len);
  if (ll < 0)
    {
      /* no first boundary line: tshark shows the body as data */
      wl_call_data (p, v, top);
      return;
    }
  if (b > 0)
    wl_add_bytes_value (p, top, hf_multipart_preamble, v, 0, (guint32) b, v->data, (guint32) b);
  /* the boundaries' values are their whole lines, line ends included, as tshark shows them */
  wl_add_string_value (p, top, hf_multipart_first_boundary, v, (guint32) b, next - (guint32) b,
                       (const char *) v->data + b, next - (guint32) b);
  /* a first boundary that is the last one: no parts */
  if (wl_view_has (v, (guint32) b + (guint32) dlen, 2) && memcmp (v->data + b + dlen, "--", 2) == 0)
    return;
  guint32 part = next;
  for (guint n_parts = 0; n_parts < 1000; n_parts++)
    {
      /* tshark adds the part before it looks for its end: a part with no boundary after it
       * is there, empty */
      WlNode *pn = wl_add_string_value (p, top, hf_multipart_part, v, part, 0, "", 0);
      wl_node_set_label (p, pn, "Encapsulated multipart part: ");
      guint32 nb;
      gint64 bstart = find_next_boundary (v, part, delim, dlen, &nb);
      if (bstart < 0)
        return;
      /* The part ends at the line end before the next boundary. */
      guint32 end = MAX ((guint32) bstart, part);
      wl_node_set_len (pn, end - part);
      /* The part's header fields, read as tshark's multipart dissector reads them: each ends
       * at a CR LF that no blank follows (imf_find_field_end), the last one takes the empty
       * line after it, a field that is not a header (no colon, or unknown and not printable)
       * starts the body, and the body starts after the last field. */
      const char *part_type = NULL;
      guint32 q = part;
      gboolean last_field = FALSE;
      while (!last_field)
        {
          gint64 fe = mime_field_end (v, q, &last_field);
          if (fe < 0)
            break;
          guint32 fnext = (guint32) fe;
          if (last_field && fnext + 2 <= end)
            fnext += 2;
          else if (fnext >= 2 && fnext - 2 == end)
            {
              /* the CR LF before the boundary is the boundary's */
              last_field = TRUE;
              fnext -= 2;
            }
          else if (fnext > end)
            fnext = end;
          if (fnext <= q)
            break;
          const guint8 *h = v->data + q;
          /* compacted, over its line ends: a quote left open runs on through them */
          char *field = compact_mime_value (p->arena, h, fnext - q);
          char *colon = strchr (field, ':');
          if (!colon || colon == field)
            break;
          gsize nlen = (gsize) (colon - field);
          char *value = colon + 1;
          int hf = -1;
          if (nlen == 12 && g_ascii_strncasecmp (field, "content-type", 12) == 0)
            {
              part_type = value;
              hf = hf_multipart_content_type;
            }
          else if (nlen == 19 && g_ascii_strncasecmp (field, "content-disposition", 19) == 0)
            hf = hf_multipart_content_disposition;
          if (hf >= 0)
            {
              WlNode *hn = wl_add_string_value (p, pn, hf, v, q, fnext - q, value, -1);
              wl_node_set_label (p, hn, "%s", wl_format_label_text (p->arena, h, fnext - q));
            }
          else if (all_printable (field))
            wl_add_text (p, pn, v, q, fnext - q, "%s", wl_format_label_text (p->arena, h, fnext - q));
          else
            break;
          q = fnext;
        }
      char *ptype = media_type_of (p->arena, part_type);
      if (ptype)
        wl_node_append_label (p, pn, " (%s)", ptype);
      if (q < end)
        {
          WlView body = wl_view_sub (v, q, end - q);
          if (!ptype)
            wl_call_data (p, &body, pn);
          else
            dissect_media_body (p, &body, pn, ptype, part_type, depth + 1);
        }
      /* After the boundary: "--" closes, a line end starts the next part. */
      guint32 after = (guint32) nb + (guint32) dlen;
      if (wl_view_has (v, after, 2) && v->data[after] == '-' && v->data[after + 1] == '-')
        {
          guint32 lend = v->len;
          if (mime_line_end (v, (guint32) nb, &next) >= 0)
            lend = next;
          wl_add_string_value (p, top, hf_multipart_last_boundary, v, end, lend - end,
                               (const char *) v->data + end, lend - end);
          return;
        }
      gint64 bl = mime_line_end (v, (guint32) nb, &next);
      guint32 bend = bl < 0 ? v->len : next;
      wl_add_string_value (p, top, hf_multipart_boundary, v, end, bend - end,
                           (const char *) v->data + end, bend - end);
      if (bl < 0)
        return;
      part = next;
    }
}

/* Hands a body to the layer tshark uses for its media type (NULL: none given). */
static void
dissect_media_body (WlPacket *p, const WlView *body, WlNode *parent, const char *mtype,
                    const char *content_type, int depth)
{
  if (body->reported == 0)
    return;
  if (!mtype || strcmp (mtype, "application/octet-stream") == 0 || depth > 4)
    wl_call_data (p, body, parent);
  else if (type_in (mtype, text_lines_types, G_N_ELEMENTS (text_lines_types)))
    dissect_text_lines (p, body, parent, mtype);
  else if (type_in (mtype, xml_types, G_N_ELEMENTS (xml_types)))
    wl_dissector_call (xml_handle, p, body, parent, (gpointer) mtype);
  else if (type_in (mtype, json_types, G_N_ELEMENTS (json_types)))
    wl_dissector_call (json_handle, p, body, parent, (gpointer) mtype);
  else if (strcmp (mtype, "application/x-www-form-urlencoded") == 0)
    dissect_urlencoded (p, body, parent, mtype);
  else if (g_str_has_prefix (mtype, "multipart/"))
    dissect_multipart (p, body, parent, mtype, content_type, depth);
  else
    dissect_media (p, body, parent, mtype);
}

/* Decompresses a gzip, zlib or raw deflate body; NULL when it does not decompress to
 * anything. At most MAX_INFLATED bytes come out (a small body may inflate to gigabytes). */
#define MAX_INFLATED (32u << 20)
static GByteArray *
inflate_body (const guint8 *data, guint32 len, GZlibCompressorFormat fmt)
{
  GZlibDecompressor *z = g_zlib_decompressor_new (fmt);
  GByteArray *out = g_byte_array_new ();
  guint8 buf[16384];
  gsize in_off = 0;
  gboolean ok = TRUE;
  for (;;)
    {
      gsize read = 0, written = 0;
      GError *err = NULL;
      GConverterResult r = g_converter_convert (G_CONVERTER (z), data + in_off, len - in_off, buf,
                                                sizeof buf, G_CONVERTER_INPUT_AT_END, &read,
                                                &written, &err);
      in_off += read;
      if (r == G_CONVERTER_ERROR)
        {
          /* a body cut short still shows what it gave */
          ok = out->len > 0 && g_error_matches (err, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
          g_error_free (err);
          break;
        }
      g_byte_array_append (out, buf, (guint) written);
      if (r == G_CONVERTER_FINISHED || out->len >= MAX_INFLATED || (read == 0 && written == 0))
        break;
    }
  g_object_unref (z);
  if (!ok || out->len == 0)
    {
      g_byte_array_free (out, TRUE);
      return NULL;
    }
  return out;
}

/* ---- Messages ---- */

typedef struct {
  guint32 line_off, line_end;   /* a header line [off, end) without its line end */
  guint32 next;                 /* the next line */
} Line;

typedef struct {
  const char *content_type;
  const char *content_encoding;
  const char *host;
  gboolean has_length;
  guint64 content_length;
  gboolean chunked;
} Headers;

/* Parses "Name: value" lines from off to the empty line; fills h. Returns the offset after the
 * empty line, or 0 when it is not inside the captured bytes. */
static guint32
scan_headers (WlPacket *p, const WlView *v, guint32 off, Headers *h)
{
  memset (h, 0, sizeof *h);
  for (;;)
    {
      guint32 next;
      gint64 n = wl_view_find_line_end (v, off, &next);
      if (n < 0)
        return 0;
      if (n == 0)
        return next;
      const guint8 *s = v->data + off;
      const guint8 *colon = memchr (s, ':', (gsize) n);
      if (colon)
        {
          gsize nlen = (gsize) (colon - s);
          const guint8 *val = colon + 1;
          while (val < s + n && (*val == ' ' || *val == '\t'))
            val++;
          gsize vlen = (gsize) (s + n - val);
          if (nlen == 14 && g_ascii_strncasecmp ((const char *) s, "content-length", 14) == 0)
            {
              char buf[24];
              gsize k = MIN (vlen, sizeof buf - 1);
              memcpy (buf, val, k);
              buf[k] = 0;
              char *end = NULL;
              guint64 x = g_ascii_strtoull (buf, &end, 10);
              if (end != buf)
                {
                  h->has_length = TRUE;
                  h->content_length = x;
                }
            }
          else if (nlen == 17 && g_ascii_strncasecmp ((const char *) s, "transfer-encoding", 17) == 0)
            {
              for (gsize i = 0; i + 7 <= vlen; i++)
                if (g_ascii_strncasecmp ((const char *) val + i, "chunked", 7) == 0)
                  h->chunked = TRUE;
            }
          else if (nlen == 12 && g_ascii_strncasecmp ((const char *) s, "content-type", 12) == 0)
            h->content_type = wl_arena_strndup (p->arena, (const char *) val, vlen);
          else if (nlen == 16 && g_ascii_strncasecmp ((const char *) s, "content-encoding", 16) == 0)
            h->content_encoding = wl_arena_strndup (p->arena, (const char *) val, vlen);
          else if (nlen == 4 && g_ascii_strncasecmp ((const char *) s, "host", 4) == 0)
            h->host = wl_arena_strndup (p->arena, (const char *) val, vlen);
        }
      off = next;
    }
}

/* Walks chunked encoding from off. Returns the offset after the last chunk and trailer, or 0
 * when the captured bytes end first. The de-chunked body goes to *body (arena) when asked. */
static guint32
scan_chunks (WlPacket *p, const WlView *v, guint32 off, GByteArray *body, gboolean add_nodes, WlNode *tree)
{
  for (guint n = 0; n < 100000; n++)
    {
      guint32 next;
      gint64 n_line = wl_view_find_line_end (v, off, &next);
      if (n_line < 0)
        return 0;
      char buf[20];
      gsize k = MIN ((gsize) n_line, sizeof buf - 1);
      memcpy (buf, v->data + off, k);
      buf[k] = 0;
      char *end = NULL;
      guint64 size = g_ascii_strtoull (buf, &end, 16);
      if (end == buf || size > G_MAXUINT32)
        return next; /* not chunked after all: stop here */
      if (size == 0)
        {
          if (add_nodes)
            {
              WlNode *c = wl_add_text (p, tree, v, off, next - off, "End of chunked encoding");
              WlNode *sz = wl_add_uint (p, c, hf_chunk_size, v, off, next - off, 0);
              wl_node_set_label (p, sz, "Chunk size: 0 octets");
            }
          /* Trailer lines up to the empty line. */
          guint32 q = next;
          for (;;)
            {
              guint32 qn;
              gint64 tl = wl_view_find_line_end (v, q, &qn);
              if (tl < 0)
                return 0;
              if (tl == 0)
                {
                  if (add_nodes)
                    wl_add_text (p, tree, v, q, qn - q, "\\r\\n");
                  return qn;
                }
              q = qn;
            }
        }
      guint32 data_off = next;
      if (!wl_view_has (v, data_off, (guint32) size))
        return 0;
      guint32 after = data_off + (guint32) size;
      guint32 crlf = 0;
      if (wl_view_has (v, after, 2) && v->data[after] == '\r' && v->data[after + 1] == '\n')
        crlf = 2;
      else if (wl_view_has (v, after, 1) && v->data[after] == '\n')
        crlf = 1;
      else if (!wl_view_has (v, after, 2))
        return 0;
      if (add_nodes)
        {
          WlNode *c = wl_add_text (p, tree, v, off, after + crlf - off, "Data chunk (%u octets)", (guint32) size);
          WlNode *sz = wl_add_uint (p, c, hf_chunk_size, v, off, next - off, size);
          wl_node_set_label (p, sz, "Chunk size: %u octets", (guint32) size);
          wl_add_item (p, c, hf_chunk_data, v, data_off, (guint32) size, WL_ENC_BIG);
          if (crlf)
            wl_add_item (p, c, hf_chunk_boundary, v, after, crlf, WL_ENC_BIG);
        }
      if (body)
        g_byte_array_append (body, v->data + data_off, (guint) size);
      off = after + crlf;
    }
  return 0;
}

/* tshark's chat-level expert item under the first line: "[Expert Info (Chat/Sequence): ...]". */
static void
add_chat (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 len, const char *msg)
{
  wl_add_expert (p, parent, hf_chat, v, off, len, "Chat", "Sequence", "%s", msg);
}

/* Adds the request or status line's fields. */
static void
add_first_line (WlPacket *p, WlNode *top, const WlView *v, guint32 off, guint32 len, guint32 next,
                MsgType type, const char **method_out, const char **uri_out, guint *code_out)
{
  const guint8 *s = v->data + off;
  /* the text, for the line and its chat item */
  char *line_text = p->full || p->expert_items ? wl_format_text (p->arena, s, next - off) : NULL;
  WlNode *ln = wl_add_text (p, top, v, off, next - off, "%s", line_text);
  add_chat (p, ln, v, off, next - off, line_text);
  const guint8 *sp1 = memchr (s, ' ', len);
  guint32 a = sp1 ? (guint32) (sp1 - s) : len;
  const guint8 *sp2 = sp1 ? memchr (sp1 + 1, ' ', len - a - 1) : NULL;
  guint32 b = sp2 ? (guint32) (sp2 - s) : len;
  if (type == MSG_REQUEST)
    {
      wl_node_set_hidden (wl_add_uint (p, top, hf_request, v, off, 0, 1));
      char *method = wl_arena_strndup (p->arena, (const char *) s, a);
      wl_add_string_value (p, ln, hf_request_method, v, off, a, method, -1);
      *method_out = method;
      if (sp1)
        {
          char *uri = wl_arena_strndup (p->arena, (const char *) s + a + 1, b - a - 1);
          wl_add_string_value (p, ln, hf_request_uri, v, off + a + 1, b - a - 1, uri, -1);
          *uri_out = uri;
        }
      /* the version is the rest of the line after the URI: empty when nothing follows it */
      if (sp2)
        wl_add_string_value (p, ln, hf_request_version, v, off + b + 1, len - b - 1,
                             wl_arena_strndup (p->arena, (const char *) s + b + 1, len - b - 1), -1);
      else if (sp1)
        wl_add_string_value (p, ln, hf_request_version, v, off + len, 0, "", -1);
    }
  else
    {
      WlNode *flag = wl_add_uint (p, top, hf_response, v, off, 0, 1);
      wl_node_set_hidden (flag);
      wl_add_string_value (p, ln, hf_response_version, v, off, a,
                           wl_arena_strndup (p->arena, (const char *) s, a), -1);
      if (!sp1)
        return;
      guint code = 0;
      guint32 digits = 0;
      while (a + 1 + digits < b && g_ascii_isdigit (s[a + 1 + digits]) && digits < 3)
        code = code * 10 + (guint) (s[a + 1 + digits++] - '0');
      if (digits == 3)
        {
          *code_out = code;
          wl_add_uint (p, ln, hf_response_code, v, off + a + 1, 3, code);
          const char *desc = wl_value_string (status_names, code);
          if (desc)
            wl_node_set_generated (wl_add_string_value (p, ln, hf_response_code_desc, v, off + a + 1, 3, desc, -1));
        }
      if (sp2)
        wl_add_string_value (p, ln, hf_response_phrase, v, off + b + 1, len - b - 1,
                             wl_arena_strndup (p->arena, (const char *) s + b + 1, len - b - 1), -1);
    }
}

/* Adds one header line's nodes. */
static void
add_header (WlPacket *p, WlNode *top, const WlView *v, guint32 off, guint32 len, guint32 next,
            MsgType type)
{
  const guint8 *s = v->data + off;
  char *label = p->full ? wl_format_text (p->arena, s, next - off) : NULL;
  WlNode *line = wl_add_string_value (p, top, type == MSG_REQUEST ? hf_request_line : hf_response_line,
                                      v, off, next - off,
                                      wl_arena_strndup (p->arena, (const char *) s, next - off), -1);
  wl_node_set_hidden (line);
  const guint8 *colon = memchr (s, ':', len);
  if (!colon)
    {
      wl_add_text (p, top, v, off, next - off, "%s", label);
      return;
    }
  gsize nlen = (gsize) (colon - s);
  const guint8 *val = colon + 1;
  while (val < s + len && (*val == ' ' || *val == '\t'))
    val++;
  guint32 voff = (guint32) (val - v->data);
  gsize vlen = (gsize) (s + len - val);
  char *value = ascii_string (p->arena, val, vlen);
  if (nlen == 14 && g_ascii_strncasecmp ((const char *) s, "content-length", 14) == 0)
    {
      WlNode *h = wl_add_string_value (p, top, hf_content_length_header, v, off, next - off, value, -1);
      wl_node_set_label (p, h, "%s", label);
      char *end = NULL;
      guint64 x = g_ascii_strtoull (value, &end, 10);
      if (end != value)
        wl_node_set_generated (wl_add_uint (p, h, hf_content_length, v, voff, (guint32) vlen, x));
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (known_headers) && known_headers[i].header; i++)
    {
      if (strlen (known_headers[i].header) == nlen &&
          g_ascii_strncasecmp ((const char *) s, known_headers[i].header, nlen) == 0)
        {
          WlNode *h = wl_add_string_value (p, top, hf_hdr[i], v, off, next - off, value, -1);
          wl_node_set_label (p, h, "%s", label);
          if (strcmp (known_headers[i].header, "cookie") == 0)
            {
              /* Cookie pairs, separated by ';' */
              for (const char *c = value; *c;)
                {
                  while (*c == ' ')
                    c++;
                  gsize cl = strcspn (c, ";");
                  if (cl)
                    wl_add_string_value (p, h, hf_cookie_pair, v, voff + (guint32) (c - value), (guint32) cl,
                                         wl_arena_strndup (p->arena, c, cl), -1);
                  c += cl;
                  if (*c == ';')
                    c++;
                }
            }
          return;
        }
    }
  wl_add_text (p, top, v, off, next - off, "%s", label);
}

static guint32
frame_key (const WlView *v, guint32 off)
{
  return (v->source ? 0x8000u : 0u) | ((v->base + off) & 0x7fffu);
}

/* The exchange a response answers (first pass), or NULL: like tshark, only the latest request,
 * and only while it has no response. */
static Exchange *
open_exchange (HttpStream *s)
{
  if (!s || s->exchanges->len == 0)
    return NULL;
  Exchange *e = g_ptr_array_index (s->exchanges, s->exchanges->len - 1);
  return e->req_frame && !e->res_frame ? e : NULL;
}

/* First pass bookkeeping of a complete message; later visits read it back. */
static HttpMsgInfo *
track_message (WlPacket *p, const WlView *v, guint32 off, MsgType type, const char *method,
               const char *full_uri, guint code)
{
  guint32 key = frame_key (v, off);
  if (p->visited)
    return wl_frame_data_get (p, proto_http, key);
  HttpState *st = http_state (p);
  HttpStream *s = http_stream (p, TRUE);
  HttpMsgInfo *info = wl_session_alloc (p->session, sizeof (HttpMsgInfo));
  if (!s->first_msg_frame)
    s->first_msg_frame = p->number;
  Exchange *e = NULL;
  if (type == MSG_RESPONSE)
    e = open_exchange (s);
  if (!e)
    {
      e = g_new0 (Exchange, 1);
      e->number = s->exchanges->len + 1;
      g_ptr_array_add (s->exchanges, e);
    }
  Exchange *prev = e->number >= 2 ? g_ptr_array_index (s->exchanges, e->number - 2) : NULL;
  info->number = e->number;
  info->prev_request = prev ? prev->req_frame : 0;
  if (type == MSG_REQUEST)
    {
      e->req_frame = p->number;
      e->is_head = method && strcmp (method, "HEAD") == 0;
      e->uri = full_uri ? g_string_chunk_insert_const (st->uris, full_uri) : NULL;
      s->last_uri = e->uri;
    }
  else
    {
      info->prev_response = prev ? prev->res_frame : 0;
      /* An informational (1xx) response leaves its request waiting for the final one. */
      if (!(code >= 100 && code < 200) || !e->req_frame)
        e->res_frame = p->number;
      info->request_frame = e->req_frame;
      info->no_body = (guint8) e->is_head;
      info->request_uri = e->req_frame ? e->uri : s->last_uri;
    }
  wl_frame_data_set (p, proto_http, key, info);
  return info;
}

/* Peeks at the request a response answers (first pass) to learn whether it can have a body. */
static gboolean
response_has_no_body (WlPacket *p, const WlView *v, guint32 off, guint code)
{
  if ((code >= 100 && code < 200) || code == 204 || code == 304)
    return TRUE;
  if (p->visited)
    {
      HttpMsgInfo *info = wl_frame_data_get (p, proto_http, frame_key (v, off));
      if (info)
        return info->no_body;
    }
  Exchange *e = open_exchange (http_stream (p, FALSE));
  return e && e->is_head;
}

/* Whether the stream had an HTTP message before this one (decides "Continuation" versus not
 * HTTP at all). */
static gboolean
stream_seen_http (WlPacket *p, gboolean first_in_call)
{
  HttpStream *s = http_stream (p, FALSE);
  if (!s || !s->first_msg_frame)
    return FALSE;
  return s->first_msg_frame < p->number || (s->first_msg_frame == p->number && !first_in_call);
}

/* The generated items that number a message and pair it with its request or response. */
static void
add_exchange_items (WlPacket *p, WlNode *top, const WlView *v, guint32 off, MsgType type,
                    const char *full_uri, const HttpMsgInfo *info)
{
  if (type == MSG_REQUEST)
    {
      if (full_uri)
        wl_node_set_generated (wl_add_string_value (p, top, hf_full_uri, v, off, 0, full_uri, -1));
      if (info)
        {
          WlNode *n = wl_add_uint (p, top, hf_request_number, v, off, 0, info->number);
          wl_node_set_generated (n);
          wl_node_set_label (p, n, "HTTP request %u/%u", info->number, info->number);
          if (info->prev_request)
            wl_node_set_generated (wl_add_uint (p, top, hf_prev_request_in, v, off, 0, info->prev_request));
        }
    }
  else if (info)
    {
      WlNode *n = wl_add_uint (p, top, hf_response_number, v, off, 0, info->number);
      wl_node_set_generated (n);
      wl_node_set_label (p, n, "HTTP response %u/%u", info->number, info->number);
      if (info->request_frame)
        wl_node_set_generated (wl_add_time (p, top, hf_time, v, off, 0,
                                            p->ts_ns - wl_frame_store_ts_ns (p->session->store, info->request_frame)));
      if (info->prev_request)
        wl_node_set_generated (wl_add_uint (p, top, hf_prev_request_in, v, off, 0, info->prev_request));
      if (info->prev_response)
        wl_node_set_generated (wl_add_uint (p, top, hf_prev_response_in, v, off, 0, info->prev_response));
      if (info->request_frame)
        wl_node_set_generated (wl_add_uint (p, top, hf_request_in, v, off, 0, info->request_frame));
      if (info->request_uri)
        wl_node_set_generated (wl_add_string_value (p, top, hf_response_for_uri, v, off, 0, info->request_uri, -1));
    }
}

enum { MSG_NEED_MORE = -1, MSG_NOT_HTTP = -2 };

/* Dissects the message at off. Returns its length, MSG_NEED_MORE after asking TCP for more
 * bytes, MSG_NOT_HTTP when the bytes are no HTTP. *layer_added tells whether the http layer
 * was recorded in this call. */
static gint64
dissect_message (WlPacket *p, const WlView *v, guint32 off, WlNode *parent, gboolean *layer_added)
{
  guint32 start = off;
  /* Stray line ends before a message. */
  while (wl_view_has (v, off, 1) && (v->data[off] == '\r' || v->data[off] == '\n'))
    off++;
  if (!wl_view_has (v, off, 1))
    {
      if (off > start && p->can_desegment && off >= v->reported)
        return off - start;
      return off - start ? (gint64) (off - start) : MSG_NEED_MORE;
    }

  guint32 next;
  gint64 first_len = wl_view_find_line_end (v, off, &next);
  gboolean line_cut = FALSE;
  if (first_len < 0)
    {
      gboolean cut = v->len < v->reported;
      if (p->can_desegment && !cut)
        {
          if (!stream_seen_http (p, !*layer_added) && classify_line (v->data + off, v->len - off) == MSG_NONE)
            return MSG_NOT_HTTP;
          p->desegment_offset = start;
          p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
          return MSG_NEED_MORE;
        }
      /* No more bytes will come (or the capture cut them): the line is what there is. */
      first_len = v->len - off;
      next = v->len;
      line_cut = cut;
    }
  MsgType type = classify_line (v->data + off, (gsize) first_len);
  if (type == MSG_NONE && !stream_seen_http (p, !*layer_added))
    return MSG_NOT_HTTP;

  /* tshark 4.0 gives up on a first line the capture cut short before the columns of a
   * request are set, and calls a cut status line a continuation. */
  if (!line_cut || type != MSG_REQUEST)
    {
      /* A later message of the same call leaves the Protocol column ("HTTP/JSON") alone. */
      if (!*layer_added)
        wl_col_set_protocol (p, "HTTP");
      if (type == MSG_NONE || line_cut)
        wl_col_set_info (p, "Continuation");
      else if (wl_cols (p))
        wl_col_set_info (p, "%s ", wl_format_text (p->arena, v->data + off, (gsize) first_len));
    }

  if (type == MSG_NONE)
    {
      WlNode *top = wl_add_proto (p, parent, proto_http, v, start, G_MAXUINT32);
      *layer_added = TRUE;
      if (off > start)
        {
          /* After stray line ends tshark hands all the bytes to "data" as they are. */
          WlView rest = wl_view_sub (v, start, G_MAXUINT32);
          wl_call_data (p, &rest, top);
          return v->reported - start;
        }
      /* Lines that look like headers are shown as such; the rest is the body. */
      guint32 q = off;
      for (;;)
        {
          guint32 nl;
          gint64 hl = wl_view_find_line_end (v, q, &nl);
          if (hl < 0)
            break;
          if (hl == 0)
            {
              wl_add_text (p, top, v, q, nl - q, "%s", wl_format_text (p->arena, v->data + q, nl - q));
              q = nl;
              break;
            }
          if (!looks_like_header (v->data + q, (gsize) hl))
            break;
          add_header (p, top, v, q, (guint32) hl, nl, MSG_NONE);
          q = nl;
        }
      WlView rest = wl_view_sub (v, q, G_MAXUINT32);
      if (rest.reported > 0)
        {
          if (wl_wants (p, hf_file_data))
            {
              const guint8 *z = memchr (rest.data, 0, rest.len);
              gsize n = z ? (gsize) (z - rest.data) : rest.len;
              WlNode *fd = wl_add_string_value (p, top, hf_file_data, &rest, 0, rest.len,
                                                ascii_string (p->arena, rest.data, n), -1);
              wl_node_set_label (p, fd, "File Data: %u bytes", rest.len);
            }
          wl_call_data (p, &rest, top);
          /* tshark reads the body to its reported end: a cut frame raises a bound error */
          if (rest.len < rest.reported)
            p->is_truncated = TRUE;
        }
      return v->reported - start;
    }

  /* Headers, then the body, must be complete before anything goes into the tree. */
  Headers h;
  guint32 body_off = line_cut ? 0 : scan_headers (p, v, next, &h);
  if (body_off == 0)
    {
      if (p->can_desegment && v->len >= v->reported && !line_cut)
        {
          p->desegment_offset = start;
          p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
          return MSG_NEED_MORE;
        }
      memset (&h, 0, sizeof h);
    }

  guint code = 0;
  if (type == MSG_RESPONSE)
    {
      const guint8 *s = v->data + off;
      const guint8 *sp = memchr (s, ' ', (gsize) first_len);
      if (sp && sp + 4 <= s + first_len && g_ascii_isdigit (sp[1]) && g_ascii_isdigit (sp[2]) && g_ascii_isdigit (sp[3]))
        code = (guint) ((sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0'));
    }

  /* Where the body ends. */
  guint32 msg_end = body_off ? body_off : v->len;
  guint32 body_len = 0;
  gboolean chunked = FALSE, until_end = FALSE;
  if (body_off)
    {
      gboolean no_body = type == MSG_RESPONSE && response_has_no_body (p, v, off, code);
      if (no_body)
        ;
      else if (h.chunked)
        {
          chunked = TRUE;
          guint32 end = scan_chunks (p, v, body_off, NULL, FALSE, NULL);
          if (end == 0)
            {
              if (p->can_desegment && v->len >= v->reported)
                {
                  p->desegment_offset = start;
                  p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
                  return MSG_NEED_MORE;
                }
              end = v->len;
            }
          msg_end = end;
        }
      else if (h.has_length)
        {
          guint64 have = wl_view_reported_remaining (v, body_off);
          if (h.content_length > have)
            {
              if (p->can_desegment && v->len >= v->reported)
                {
                  p->desegment_offset = start;
                  guint64 need = h.content_length - have;
                  p->desegment_len = need >= WL_DESEGMENT_UNTIL_FIN ? WL_DESEGMENT_ONE_MORE_SEGMENT : (guint32) need;
                  return MSG_NEED_MORE;
                }
              body_len = (guint32) have;
            }
          else
            body_len = (guint32) h.content_length;
          msg_end = body_off + body_len;
        }
      else if (type == MSG_RESPONSE)
        {
          /* No length: the body runs to the end of the stream. */
          if (p->can_desegment)
            {
              p->desegment_offset = start;
              p->desegment_len = WL_DESEGMENT_UNTIL_FIN;
              return MSG_NEED_MORE;
            }
          until_end = TRUE;
          body_len = wl_view_reported_remaining (v, body_off);
          msg_end = body_off + body_len;
        }
    }

  /* The message is complete: the tree. */
  guint n_layers = p->n_layers;
  WlNode *top = wl_add_proto (p, parent, proto_http, v, start, MIN (msg_end, v->len) - start);
  if (*layer_added)
    p->n_layers = n_layers; /* one "http" per call in frame.protocols */
  *layer_added = TRUE;

  const char *method = NULL, *uri = NULL;
  add_first_line (p, top, v, off, (guint32) first_len, next, type, &method, &uri, &code);
  if (line_cut)
    {
      /* tshark still numbers the message and pairs it with its request or response (by the
       * bare URI: there is no Host header to make it whole) */
      p->is_truncated = TRUE;
      add_exchange_items (p, top, v, off, type, NULL, track_message (p, v, off, type, method, uri, code));
      return v->reported - start;
    }
  guint32 q = next;
  while (body_off && q < body_off)
    {
      guint32 nl;
      gint64 hl = wl_view_find_line_end (v, q, &nl);
      if (hl < 0)
        break;
      if (hl == 0)
        {
          wl_add_text (p, top, v, q, nl - q, "%s", wl_format_text (p->arena, v->data + q, nl - q));
          break;
        }
      add_header (p, top, v, q, (guint32) hl, nl, type);
      q = nl;
    }

  char *full_uri = NULL;
  if (type == MSG_REQUEST && uri)
    {
      if (uri[0] == '/')
        full_uri = wl_arena_printf (p->arena, "http://%s%s", h.host ? h.host : "", uri);
      else
        full_uri = (char *) uri;
    }
  add_exchange_items (p, top, v, off, type, full_uri, track_message (p, v, off, type, method, full_uri, code));

  /* The body. */
  WlView body = { 0 };
  gboolean have_body = FALSE;
  if (chunked)
    {
      WlNode *ct = p->full ? wl_add_text (p, top, v, body_off, msg_end - body_off, "HTTP chunked response") : NULL;
      GByteArray *buf = g_byte_array_new ();
      scan_chunks (p, v, body_off, buf, TRUE, ct);
      if (buf->len > 0)
        {
          guint8 *copy = wl_arena_memdup (p->arena, buf->data, buf->len);
          body = wl_packet_add_source (p, copy, buf->len, "De-chunked entity body");
        }
      else
        body = wl_view_sub (v, MIN (msg_end, v->len), 0);
      /* tshark shows the file data of a chunked body even when it is empty ("0 bytes") */
      have_body = TRUE;
      g_byte_array_free (buf, TRUE);
    }
  else if (body_len > 0 || until_end)
    {
      body = wl_view_sub (v, body_off, body_len);
      have_body = body.reported > 0;
    }
  if (have_body && h.content_encoding && body.len > 0)
    {
      /* gzip and deflate bodies are shown decompressed, as tshark does (with its
       * http.decompress_body default) */
      const char *ce = h.content_encoding;
      GZlibCompressorFormat fmt = G_ZLIB_COMPRESSOR_FORMAT_GZIP;
      gboolean known = TRUE;
      if (g_ascii_strcasecmp (ce, "gzip") == 0 || g_ascii_strcasecmp (ce, "x-gzip") == 0)
        fmt = G_ZLIB_COMPRESSOR_FORMAT_GZIP;
      else if (g_ascii_strcasecmp (ce, "deflate") == 0 || g_ascii_strcasecmp (ce, "x-deflate") == 0)
        fmt = G_ZLIB_COMPRESSOR_FORMAT_ZLIB;
      else
        known = FALSE;
      GByteArray *out = known ? inflate_body (body.data, body.len, fmt) : NULL;
      if (!out && known && fmt == G_ZLIB_COMPRESSOR_FORMAT_ZLIB)
        out = inflate_body (body.data, body.len, G_ZLIB_COMPRESSOR_FORMAT_RAW);
      if (out)
        {
          wl_add_text (p, top, &body, 0, body.len, "Content-encoded entity body (%s): %u bytes -> %u bytes",
                       ce, body.len, out->len);
          guint8 *copy = wl_arena_memdup (p->arena, out->data, out->len);
          body = wl_packet_add_source (p, copy, out->len, "Uncompressed entity body");
          g_byte_array_free (out, TRUE);
        }
      else if (known)
        {
          /* tshark shows a body that does not decompress as data under the encoding's line,
           * with no file data and no media type layer */
          WlNode *en = wl_add_text (p, top, &body, 0, body.len, "Content-encoded entity body (%s): %u bytes",
                                    ce, body.len);
          wl_add_expert (p, en, hf_decompression_failed, &body, 0, body.len, "Warning", "Undecoded",
                         "Decompression failed");
          wl_call_data (p, &body, en);
          have_body = FALSE;
        }
    }
  if (have_body)
    {
      WlNode *fd = NULL;
      if (wl_wants (p, hf_file_data))
        {
          /* The body as text stops at its first NUL, as tshark's string does. */
          const guint8 *z = body.len ? memchr (body.data, 0, body.len) : NULL;
          gsize n = z ? (gsize) (z - body.data) : body.len;
          fd = wl_add_string_value (p, top, hf_file_data, &body, 0, body.len, ascii_string (p->arena, body.data, n), -1);
        }
      wl_node_set_label (p, fd, "File Data: %u bytes", body.reported);
      char *mtype = media_type_of (p->arena, h.content_type);
      /* Without a Content-Type, tshark shows the body as data inside the HTTP item; the
       * dissectors of a media type get the tree HTTP was given. */
      dissect_media_body (p, &body, h.content_type ? parent : top, mtype, h.content_type, 0);
    }
  return MIN (msg_end, v->reported) - start;
}

/* The HTTP dissector on its TCP ports: every message in the bytes, a fence after each so that
 * the first one's Info stays in front. */
static guint32
dissect_http_tcp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  guint32 off = 0;
  gboolean layer_added = FALSE;
  while (off < v->reported)
    {
      gint64 r = dissect_message (p, v, off, parent, &layer_added);
      if (r == MSG_NOT_HTTP)
        return layer_added ? v->len : 0;
      if (r <= 0)
        break;
      off += (guint32) r;
      if (!wl_view_has (v, off, 0))
        break;
      wl_col_set_fence (p);
    }
  return MAX (v->len, 1u);
}

/* The heuristic for other ports: a first line that starts or ends with "HTTP/1." makes the
 * whole stream HTTP from this frame on. */
static guint32
dissect_http_heur (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  HttpStream *s = http_stream (p, FALSE);
  if (s && s->heur_frame && s->heur_frame <= p->number)
    {
      dissect_http_tcp (p, v, parent, data);
      return MAX (v->len, 1u);
    }
  guint32 next;
  gint64 n = wl_view_find_line_end (v, 0, &next);
  if (n <= 8)
    return 0;
  if (g_ascii_strncasecmp ((const char *) v->data + n - 8, "HTTP/1.", 7) != 0 &&
      g_ascii_strncasecmp ((const char *) v->data, "HTTP/1.", 7) != 0)
    return 0;
  if (!p->visited)
    {
      s = http_stream (p, TRUE);
      if (!s->heur_frame)
        s->heur_frame = p->number;
    }
  dissect_http_tcp (p, v, parent, data);
  return MAX (v->len, 1u);
}

static WlFieldReg fields[] = {
  { &hf_response, { "Response", "http.response", WL_FT_BOOLEAN, 0 } },
  { &hf_request, { "Request", "http.request", WL_FT_BOOLEAN, 0 } },
  { &hf_response_number, { "Response number", "http.response_number", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_request_number, { "Request number", "http.request_number", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_response_line, { "Response line", "http.response.line", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_request_line, { "Request line", "http.request.line", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_request_method, { "Request Method", "http.request.method", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_request_uri, { "Request URI", "http.request.uri", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_request_version, { "Request Version", "http.request.version", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_response_version, { "Response Version", "http.response.version", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_full_uri, { "Full request URI", "http.request.full_uri", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_response_code, { "Status Code", "http.response.code", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_response_code_desc, { "Status Code Description", "http.response.code.desc", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_response_for_uri, { "Request URI", "http.response_for.uri", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_response_phrase, { "Response Phrase", "http.response.phrase", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_content_length_header, { "Content-Length", "http.content_length_header", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_content_length, { "Content length", "http.content_length", WL_FT_UINT64, WL_BASE_DEC } },
  { &hf_request_in, { "Request in frame", "http.request_in", WL_FT_FRAMENUM, WL_BASE_NONE } },
  { &hf_prev_request_in, { "Prev request in frame", "http.prev_request_in", WL_FT_FRAMENUM, WL_BASE_NONE } },
  { &hf_prev_response_in, { "Prev response in frame", "http.prev_response_in", WL_FT_FRAMENUM, WL_BASE_NONE } },
  { &hf_time, { "Time since request", "http.time", WL_FT_RELATIVE_TIME, WL_BASE_NONE } },
  { &hf_chunk_boundary, { "Chunk boundary", "http.chunk_boundary", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_chunk_size, { "Chunk size", "http.chunk_size", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_chunk_data, { "Chunk data", "http.chunk_data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_file_data, { "File Data", "http.file_data", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_cookie_pair, { "Cookie pair", "http.cookie_pair", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_unknown_header, { "Unknown header", "http.unknown_header", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_chat, { "Formatted text", "http.chat", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_decompression_failed, { "Decompression failed", "http.decompression_failed", WL_FT_NONE, WL_BASE_NONE } },
};

static WlFieldReg text_fields[] = {
  { &hf_text_line, { "Text item", "data-text-lines.text", WL_FT_NONE, WL_BASE_NONE } },
};
static WlFieldReg urlencoded_fields[] = {
  { &hf_urlencoded_key, { "Key", "urlencoded-form.key", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_urlencoded_value, { "Value", "urlencoded-form.value", WL_FT_STRING, WL_BASE_NONE } },
};
static WlFieldReg multipart_fields[] = {
  { &hf_multipart_type, { "Type", "mime_multipart.type", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_part, { "Encapsulated multipart part", "mime_multipart.part", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_content_type, { "Content-Type", "mime_multipart.header.content-type", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_content_disposition, { "Content-Disposition", "mime_multipart.header.content-disposition", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_first_boundary, { "First boundary", "mime_multipart.first_boundary", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_preamble, { "Preamble", "mime_multipart.preamble", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_multipart_last_boundary, { "Last boundary", "mime_multipart.last_boundary", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_multipart_boundary, { "Boundary", "mime_multipart.boundary", WL_FT_STRING, WL_BASE_NONE } },
};
static WlFieldReg media_fields[] = {
  { &hf_media_type, { "Media type", "media.type", WL_FT_BYTES, WL_BASE_NONE } },
};

void
wl_register_http (void)
{
  proto_http = wl_proto_register ("Hypertext Transfer Protocol", "HTTP", "http");
  wl_fields_register (proto_http, fields, G_N_ELEMENTS (fields));
  static WlFieldReg header_regs[G_N_ELEMENTS (known_headers)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (known_headers) && known_headers[i].name; i++, n++)
    header_regs[n] = (WlFieldReg) { &hf_hdr[i], { known_headers[i].name, known_headers[i].abbrev,
                                                   WL_FT_STRING, WL_BASE_NONE } };
  wl_fields_register (proto_http, header_regs, n);

  proto_text_lines = wl_proto_register ("Line-based text data", "Line-based text data", "data-text-lines");
  wl_fields_register (proto_text_lines, text_fields, G_N_ELEMENTS (text_fields));
  wl_dissector_register ("data-text-lines", dissect_text_lines_call, proto_text_lines);
  proto_urlencoded = wl_proto_register ("HTML Form URL Encoded", "URL Encoded Form Data", "urlencoded-form");
  wl_fields_register (proto_urlencoded, urlencoded_fields, G_N_ELEMENTS (urlencoded_fields));
  proto_multipart = wl_proto_register ("MIME Multipart Media Encapsulation", "MIME multipart", "mime_multipart");
  wl_fields_register (proto_multipart, multipart_fields, G_N_ELEMENTS (multipart_fields));
  proto_media = wl_proto_register ("Media Type", "Media", "media");
  wl_fields_register (proto_media, media_fields, G_N_ELEMENTS (media_fields));
}

void
wl_handoff_http (void)
{
  /* Wireshark's default http.tcp.port range */
  static const guint32 ports[] = { 80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710 };
  WlDissector *d = wl_dissector_register ("http", dissect_http_tcp, proto_http);
  WlTable *t = wl_table_find ("tcp.port");
  for (gsize i = 0; i < G_N_ELEMENTS (ports); i++)
    wl_table_add (t, ports[i], d);
  wl_heur_add ("tcp", dissect_http_heur, proto_http);
  json_handle = wl_dissector_find ("json");
  xml_handle = wl_dissector_find ("xml");

}
