/* SPDX-License-Identifier: GPL-2.0-or-later */
/* XML bodies as tshark 4.0 shows them without a DTD: processing instructions (the <?xml ...?>
 * one with its version, encoding and standalone), doctype, comments, CDATA sections, DTD tags,
 * each element as an xml.tag holding its attributes, character data and children, and the
 * closing tags as text. Called by HTTP.
 *
 * tshark reads XML with a small grammar, not a conforming parser, and this file reads it the
 * same way: at each point (after blanks) the first token form that matches whole wins; a '<'
 * that starts none is "unrecognized text" up to the next blank. Closing tags close the open
 * element whatever its name. The DTD-based fields tshark adds for a few known documents
 * (presence, rss, smil...) are not made: those elements show as plain xml.tag.
 *
 * Hostile input: every scan stays in the view; the searches for a terminator ("-->", "]]>",
 * '>', a closing quote) remember where they ended, so a body of unterminated openers is read
 * in linear time. tshark's tree is at most 500 deep: an item that would be 499 levels below
 * the XML layer ends the dissection and marks the packet malformed, here too (MAX_LEVEL). */
#include <string.h>
#include "dissect.h"
#include "body-text.h"

#define MAX_LEVEL 499
#define MAX_DEPTH (MAX_LEVEL - 1)

static int proto_xml = -1;
static int hf_xmlpi = -1, hf_cdatasection = -1, hf_comment = -1, hf_attribute = -1,
  hf_doctype = -1, hf_dtdtag = -1, hf_cdata = -1, hf_tag = -1, hf_xmlpi_xml = -1,
  hf_xmlpi_encoding = -1, hf_xmlpi_standalone = -1, hf_xmlpi_version = -1,
  hf_closing_unopened_tag = -1, hf_closing_unopened_xmpli_tag = -1, hf_unrecognized_text = -1,
  hf_unknown = -1;

/* Where a search for a terminator from `from` ended: `found` (its offset) or -1 (nowhere). */
typedef struct {
  gint64 from, found;
} Memo;

enum { M_COMMENT, M_CDATA, M_GT, M_DQUOTE, M_SQUOTE, N_MEMOS };

typedef enum { FRAME_ROOT, FRAME_TAG, FRAME_PI, FRAME_XMLPI, FRAME_DTD } FrameKind;

typedef struct {
  WlNode *item;               /* the element's item: what is inside goes under it */
  FrameKind kind;
} Frame;

typedef struct {
  WlPacket *p;
  const WlView *v;
  Memo memo[N_MEMOS];
  Frame stack[MAX_DEPTH + 1];
  guint depth;                /* open frames above the root: items go MAX_DEPTH + 1 levels deep */
  gboolean dead;              /* too deep: nothing more is read */
} Xml;

static gboolean
is_blank (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static guint32
skip_ws (const WlView *v, guint32 off)
{
  while (off < v->len && is_blank (v->data[off]))
    off++;
  return off;
}

static gboolean
is_name_char (guint8 c, gboolean colon)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || (colon && c == ':');
}

/* The end of a name at off (at least one character), or 0. */
static guint32
scan_name (const WlView *v, guint32 off, gboolean colon)
{
  guint32 i = off;
  while (i < v->len && is_name_char (v->data[i], colon))
    i++;
  return i > off ? i : 0;
}

static gboolean
has_str (const WlView *v, guint32 off, const char *s, gboolean nocase)
{
  gsize n = strlen (s);
  if (!wl_view_has (v, off, (guint32) n))
    return FALSE;
  return nocase ? g_ascii_strncasecmp ((const char *) v->data + off, s, n) == 0
                : memcmp (v->data + off, s, n) == 0;
}

/* The offset just after the first `term` at or after off, or 0 (remembered in memo m: a
 * search from a later offset that the last one covered has the same answer). */
static guint32
find_after (Xml *x, int m, guint32 off, const char *term)
{
  Memo *memo = &x->memo[m];
  gsize tl = strlen (term);
  if (memo->from >= 0 && off >= memo->from && (memo->found < 0 || off <= memo->found))
    return memo->found < 0 ? 0 : (guint32) (memo->found + (gint64) tl);
  memo->from = off;
  memo->found = -1;
  /* tshark's search never finds a terminator that starts on the last byte (a lone '>' that
   * ends the body) */
  for (guint32 i = off; i + MAX (tl, 2) <= x->v->len; i++)
    if (memcmp (x->v->data + i, term, tl) == 0)
      {
        memo->found = i;
        return i + (guint32) tl;
      }
  return 0;
}

/* The end of a quoted value whose opening quote is at off (up to the same quote: tshark's
 * grammar has no escapes there), or 0. */
static guint32
find_quote_end (Xml *x, guint32 off)
{
  guint8 q = x->v->data[off];
  return q == '"' ? find_after (x, M_DQUOTE, off + 1, "\"") : find_after (x, M_SQUOTE, off + 1, "'");
}

static Frame *
top (Xml *x)
{
  return &x->stack[MIN (x->depth, MAX_DEPTH)];
}

static WlNode *
tree (Xml *x)
{
  return top (x)->item;
}

static void
push (Xml *x, WlNode *item, FrameKind kind)
{
  x->depth++;
  if (x->depth <= MAX_DEPTH)
    x->stack[x->depth] = (Frame) { item, kind };
}

/* An expert item as tshark shows it: a line with the message, the expert info under it. */
static void
add_expert (Xml *x, int hf, guint32 off, guint32 len, const char *severity, const char *group,
            const char *what)
{
  WlNode *line = wl_add_text (x->p, tree (x), x->v, off, len, "%s", what);
  wl_add_expert (x->p, x->p->full ? line : tree (x), hf, x->v, off, len, severity, group, "%s", what);
}

/* Pops the open frame; at the root, adds the expert item tshark adds (hf). */
static void
pop (Xml *x, int hf, guint32 off, guint32 len, const char *what)
{
  if (x->depth > 0)
    x->depth--;
  else
    add_expert (x, hf, off, len, "Error", "Malformed", what);
}

static char *
text (Xml *x, guint32 off, guint32 len)
{
  return wl_format_label_text (x->p->arena, x->v->data + off, len);
}

/* An item whose value is the token's text, labelled with it (after_token). */
static WlNode *
add_token (Xml *x, int hf, guint32 off, guint32 len)
{
  WlNode *n = wl_add_string_value (x->p, tree (x), hf, x->v, off, len,
                                   (const char *) x->v->data + off, len);
  wl_node_set_label (x->p, n, "%s", text (x, off, len));
  return n;
}

/* Attributes (name = value)... from off; returns where they end (off when there are none).
 * emit FALSE only measures; emit TRUE adds them to the open element (of kind `kind`) and sets
 * *last to the last one added. */
static guint32
attributes (Xml *x, guint32 off, gboolean emit, FrameKind kind, WlNode **last)
{
  const WlView *v = x->v;
  guint32 i = off, end = off;
  for (;;)
    {
      i = skip_ws (v, end);
      guint32 ne = scan_name (v, i, TRUE);
      if (!ne)
        return end;
      guint32 eq = skip_ws (v, ne);
      if (eq >= v->len || v->data[eq] != '=')
        return end;
      guint32 vs = skip_ws (v, eq + 1), ve = 0, inner = vs, inner_end;
      if (vs >= v->len)
        return end;
      if (v->data[vs] == '"' || v->data[vs] == '\'')
        {
          ve = find_quote_end (x, vs);
          inner = vs + 1;
          inner_end = ve ? ve - 1 : 0;
        }
      else if (g_ascii_isdigit (v->data[vs]))
        {
          ve = vs;
          while (ve < v->len && g_ascii_isdigit (v->data[ve]))
            ve++;
          inner_end = ve;
        }
      else
        inner_end = ve = scan_name (v, vs, FALSE);
      if (!ve)
        return end;
      if (emit)
        {
          Frame *f = top (x);
          int hf = hf_attribute;
          guint32 voff = i, vlen = ve - i;
          if (kind == FRAME_XMLPI)
            {
              char *name = g_ascii_strdown ((const char *) v->data + i, ne - i);
              if (strcmp (name, "version") == 0)
                hf = hf_xmlpi_version;
              else if (strcmp (name, "encoding") == 0)
                hf = hf_xmlpi_encoding;
              else if (strcmp (name, "standalone") == 0)
                hf = hf_xmlpi_standalone;
              g_free (name);
              if (hf != hf_attribute)
                voff = inner, vlen = inner_end - inner;
            }
          WlNode *n = wl_add_string_value (x->p, f->item, hf, v, voff, vlen,
                                           (const char *) v->data + voff, vlen);
          wl_node_set_label (x->p, n, "%s", text (x, i, ve - i));
          if (n && last)
            *last = n;
        }
      end = ve;
    }
}

static gboolean too_deep (Xml *x, guint32 off);

/* <? name [attributes] ?>: returns its end, or 0 when it does not match. */
static guint32
xmlpi (Xml *x, guint32 off)
{
  const WlView *v = x->v;
  guint32 ns = skip_ws (v, off + 2), ne = scan_name (v, ns, FALSE);
  if (!ne)
    return 0;
  guint32 a_end = attributes (x, ne, FALSE, FRAME_PI, NULL), close = skip_ws (v, a_end);
  if (!has_str (v, close, "?>", FALSE))
    return 0;
  guint32 end = close + 2;
  gboolean is_xml = ne - ns == 3 && memcmp (v->data + ns, "xml", 3) == 0;
  WlNode *n = wl_add_string_value (x->p, tree (x), is_xml ? hf_xmlpi_xml : hf_xmlpi, v, off,
                                   end - off, (const char *) v->data + off, end - off);
  wl_node_set_label (x->p, n, "%s", text (x, off, ne - off));
  push (x, n, is_xml ? FRAME_XMLPI : FRAME_PI);
  if (too_deep (x, ne))
    return end;
  attributes (x, ne, TRUE, is_xml ? FRAME_XMLPI : FRAME_PI, NULL);
  wl_add_text (x->p, tree (x), v, close, 2, "?>");
  pop (x, hf_closing_unopened_xmpli_tag, close, 2, "Closing an unopened xmpli tag");
  return end;
}

/* A tag name: name or name:name. Returns its end, or 0. */
static guint32
tag_name (const WlView *v, guint32 off)
{
  guint32 ne = scan_name (v, off, FALSE);
  if (!ne)
    return 0;
  guint32 c = skip_ws (v, ne);
  if (c < v->len && v->data[c] == ':')
    {
      guint32 le = scan_name (v, skip_ws (v, c + 1), FALSE);
      if (le)
        return le;
    }
  return ne;
}

/* < / name >: returns its end, or 0. */
static guint32
closing_tag (Xml *x, guint32 off)
{
  const WlView *v = x->v;
  guint32 s = skip_ws (v, off + 1);
  if (s >= v->len || v->data[s] != '/')
    return 0;
  guint32 ne = tag_name (v, skip_ws (v, s + 1)), gt = ne ? skip_ws (v, ne) : 0;
  if (!ne || gt >= v->len || v->data[gt] != '>')
    return 0;
  guint32 end = gt + 1;
  Frame *f = top (x);
  if (x->depth > 0 && f->item && f->item != x->p->stub)
    wl_node_set_len (f->item, end - (f->item->offset - v->base));
  wl_add_text (x->p, tree (x), v, off, end - off, "%s", x->p->labels ? text (x, off, end - off) : "");
  pop (x, hf_closing_unopened_tag, off, end - off, "Closing an unopened tag");
  return end;
}

/* < ! DOCTYPE name ( [ | PUBLIC|SYSTEM ... > ): returns its end, or 0. */
static guint32
doctype (Xml *x, guint32 off)
{
  const WlView *v = x->v;
  guint32 bang = skip_ws (v, off + 1);
  if (bang >= v->len || v->data[bang] != '!')
    return 0;
  guint32 kw = skip_ws (v, bang + 1);
  if (!has_str (v, kw, "DOCTYPE", TRUE))
    return 0;
  guint32 ns = skip_ws (v, kw + 7), ne = scan_name (v, ns, FALSE);
  if (!ne)
    return 0;
  guint32 after = skip_ws (v, ne), end;
  gboolean internal = after < v->len && v->data[after] == '[';
  if (internal)
    end = after + 1;
  else if (has_str (v, after, "PUBLIC", TRUE) || has_str (v, after, "SYSTEM", TRUE))
    {
      end = find_after (x, M_GT, skip_ws (v, after + 6), ">");
      if (!end)
        return 0;
    }
  else
    return 0;
  WlNode *n = wl_add_string_value (x->p, tree (x), hf_doctype, v, ns, ne - ns,
                                   (const char *) v->data + ns, ne - ns);
  wl_node_set_label (x->p, n, "%s", text (x, off, end - off));
  if (internal)
    push (x, n, FRAME_DTD);
  return end;
}

/* < name [attributes] > or />: returns its end, or 0. */
static guint32
tag (Xml *x, guint32 off)
{
  const WlView *v = x->v;
  guint32 ns = skip_ws (v, off + 1), ne = tag_name (v, ns);
  if (!ne)
    return 0;
  guint32 a_end = attributes (x, ne, FALSE, FRAME_TAG, NULL), st = skip_ws (v, a_end);
  gboolean empty;
  if (st < v->len && v->data[st] == '>')
    empty = FALSE;
  else if (has_str (v, st, "/>", FALSE))
    empty = TRUE;
  else
    return 0;
  guint32 end = st + (empty ? 2 : 1);
  WlNode *n = wl_add_string_value (x->p, tree (x), hf_tag, v, off, end - off,
                                   (const char *) v->data + off, end - off);
  wl_node_set_label (x->p, n, "%s", text (x, off, ne - off));
  push (x, n, FRAME_TAG);
  /* tshark appends the '>' to the last attribute's label, or to the tag's */
  WlNode *last = n;
  if (a_end > ne && too_deep (x, ne))
    return v->len;
  attributes (x, ne, TRUE, FRAME_TAG, &last);
  wl_node_append_label (x->p, last, empty ? "/>" : ">");
  if (empty)
    pop (x, hf_closing_unopened_tag, st, 2, "Closing an unopened tag");
  return end;
}

/* Whether an item would go too deep (then the packet is malformed and the reading ends). */
static gboolean
too_deep (Xml *x, guint32 off)
{
  if (x->depth + 1 < MAX_LEVEL)
    return FALSE;
  if (!x->dead)
    wl_packet_set_malformed (x->p, proto_xml, x->v, off);
  x->dead = TRUE;
  return TRUE;
}

/* One token at off (blanks skipped): returns its end (> off). */
static guint32
token (Xml *x, guint32 off)
{
  const WlView *v = x->v;
  guint32 end;
  if (too_deep (x, off))
    return v->len;
  if (v->data[off] == '<')
    {
      if (has_str (v, off, "<!--", FALSE) && (end = find_after (x, M_COMMENT, off + 4, "-->")))
        {
          add_token (x, hf_comment, off, end - off);
          return end;
        }
      if (has_str (v, off, "<![CDATA[", FALSE) && (end = find_after (x, M_CDATA, off + 9, "]]>")))
        {
          add_token (x, hf_cdatasection, off, end - off);
          return end;
        }
      if (has_str (v, off, "<?", FALSE) && (end = xmlpi (x, off)))
        return end;
      if ((end = closing_tag (x, off)) || (end = doctype (x, off)))
        return end;
    }
  if (v->data[off] == ']')
    {
      guint32 gt = skip_ws (v, off + 1);
      if (gt < v->len && v->data[gt] == '>')
        {
          wl_add_text (x->p, tree (x), v, off, gt + 1 - off, "%s", x->p->labels ? text (x, off, gt + 1 - off) : "");
          pop (x, hf_closing_unopened_tag, off, gt + 1 - off, "Closing an unopened tag");
          return gt + 1;
        }
    }
  if (v->data[off] == '<')
    {
      guint32 bang = skip_ws (v, off + 1);
      if (bang < v->len && v->data[bang] == '!' && (end = find_after (x, M_GT, bang + 1, ">")))
        {
          add_token (x, hf_dtdtag, off, end - off);
          return end;
        }
      if ((end = tag (x, off)))
        return end;
      /* unrecognized: up to the next blank */
      end = off + 1;
      while (end < v->len && !is_blank (v->data[end]))
        end++;
      add_expert (x, hf_unrecognized_text, off, end - off, "Warning", "Protocol", "Unrecognized text");
      return end;
    }
  /* character data, up to the next '<' (trailing blanks kept): xml.cdata in an element,
   * xml.unknown outside any (tshark's root and DTD have no field of their own for it) */
  gint64 lt = wl_view_find_u8 (v, off, G_MAXUINT32, '<');
  end = lt < 0 ? v->len : (guint32) lt;
  int hf = top (x)->kind == FRAME_ROOT || top (x)->kind == FRAME_DTD ? hf_unknown : hf_cdata;
  WlNode *n = wl_add_string_value (x->p, tree (x), hf, v, off, end - off,
                                   (const char *) v->data + off, end - off);
  wl_node_set_label (x->p, n, "%s", text (x, off, end - off));
  return end;
}

static guint32
dissect_xml (WlPacket *p, const WlView *v, WlNode *parent, gpointer data G_GNUC_UNUSED)
{
  WlNode *top_item = wl_add_proto (p, parent, proto_xml, v, 0, G_MAXUINT32);
  if (wl_cols (p))
    {
      char buf[64];
      g_snprintf (buf, sizeof buf, "%s/XML", p->col_protocol ? p->col_protocol : "");
      wl_col_set_protocol (p, g_intern_string (buf));
    }
  Xml *x = wl_arena_alloc (p->arena, sizeof (Xml));
  memset (x, 0, sizeof *x);
  x->p = p;
  x->v = v;
  for (int m = 0; m < N_MEMOS; m++)
    x->memo[m].from = -1;
  x->stack[0] = (Frame) { top_item, FRAME_ROOT };
  for (guint32 off = skip_ws (v, 0); off < v->len && !x->dead; off = skip_ws (v, off))
    off = token (x, off);
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_xmlpi, { "XMLPI", "xml.xmlpi", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_cdatasection, { "CDATASection", "xml.cdatasection", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_comment, { "Comment", "xml.comment", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_attribute, { "Attribute", "xml.attribute", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_doctype, { "Doctype", "xml.doctype", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_dtdtag, { "DTD Tag", "xml.dtdtag", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_cdata, { "CDATA", "xml.cdata", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_tag, { "Tag", "xml.tag", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_unknown, { "Unknown", "xml.unknown", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_xmlpi_xml, { "xml.xmlpi.xml", "xml.xmlpi.xml", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_xmlpi_encoding, { "encoding", "xml.xmlpi.xml.encoding", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_xmlpi_standalone, { "standalone", "xml.xmlpi.xml.standalone", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_xmlpi_version, { "version", "xml.xmlpi.xml.version", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_closing_unopened_tag, { "Closing an unopened tag", "xml.closing_unopened_tag", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_closing_unopened_xmpli_tag, { "Closing an unopened xmpli tag", "xml.closing_unopened_xmpli_tag", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_unrecognized_text, { "Unrecognized text", "xml.unrecognized_text", WL_FT_NONE, WL_BASE_NONE } },
};

void
wl_register_xml (void)
{
  proto_xml = wl_proto_register ("eXtensible Markup Language", "XML", "xml");
  wl_fields_register (proto_xml, fields, G_N_ELEMENTS (fields));
  wl_dissector_register ("xml", dissect_xml, proto_xml);
}

void
wl_handoff_xml (void)
{
}
