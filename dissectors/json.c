/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON (RFC 8259) bodies as tshark 4.0 shows them: each object, array, member and value with
 * the members' keys and the generated paths (json.path, json.path_with_value,
 * json.member_with_value) that its filters use. Called by HTTP with the media type as data.
 *
 * Like tshark's grammar-driven parser, a top-level object or array adds items only when it
 * parses whole; whatever follows the last one that does goes to data-text-lines. The parse is
 * done twice: once to check the document, once to add its items (the second pass knows it
 * cannot fail).
 *
 * tshark's parser gives up on a document that needs it to recurse more than 100 levels deep,
 * and the document then goes to data-text-lines whole: an array costs 4 levels, an object
 * with its member 5, and a value 2 to 7 by its kind (an empty string 2, a \u escape 7). The
 * check pass counts those levels the same way (`d` below is the depth of a value). */
#include <string.h>
#include "dissect.h"

#define MAX_PARSE_DEPTH 101
/* path stack entries: two per member or array level (at most 25 of them), two for the root */
#define PATH_STACK 64

static int proto_json = -1;
static int hf_array = -1, hf_object = -1, hf_member = -1, hf_key = -1, hf_path = -1,
  hf_path_with_value = -1, hf_member_with_value = -1, hf_value_string = -1,
  hf_value_number = -1, hf_value_false = -1, hf_value_null = -1, hf_value_true = -1,
  hf_value_nan = -1;

static WlDissector *text_lines;

typedef struct {
  WlPacket *p;
  const WlView *v;
  gboolean emit;        /* second pass: add the items */
  gboolean want_paths;  /* the generated path fields are wanted: keep the path stack */
  const char *paths[PATH_STACK];
  guint n_paths;
} Json;

static guint32
skip_ws (const WlView *v, guint32 off)
{
  while (off < v->len && (v->data[off] == ' ' || v->data[off] == '\t' || v->data[off] == '\r'
                          || v->data[off] == '\n'))
    off++;
  return off;
}

static gboolean
has_word (const WlView *v, guint32 off, const char *w, gsize n)
{
  return wl_view_has (v, off, (guint32) n) && memcmp (v->data + off, w, n) == 0;
}

/* The end of the string token at off (a quote), or -1; *need gets the parser depth it takes
 * below its value's (3, 5 with escapes, 7 with \u ones). */
static gint64
scan_string (const WlView *v, guint32 off, guint *need)
{
  if (off >= v->len || v->data[off] != '"')
    return -1;
  guint32 i = off + 1;
  *need = 3;
  while (i < v->len)
    {
      guint8 c = v->data[i];
      if (c == '"')
        return i + 1;
      if (c != '\\')
        {
          i++;
          continue;
        }
      if (i + 1 >= v->len)
        return -1;
      c = v->data[i + 1];
      if (c && strchr ("\"\\/bfnrt", c))
        {
          *need = MAX (*need, 5);
          i += 2;
        }
      else if (c == 'u')
        {
          if (!wl_view_has (v, i + 2, 4))
            return -1;
          for (guint k = 0; k < 4; k++)
            if (!g_ascii_isxdigit (v->data[i + 2 + k]))
              return -1;
          *need = 7;
          i += 6;
        }
      else
        return -1;
    }
  return -1;
}

/* The end of the number token at off, or -1: [-] int [frac] [exp]; *need as scan_string's
 * (3 for 0, 4 for another digit, a fraction or an exponent, 5 for more integer digits or an
 * exponent's sign). */
static gint64
scan_number (const WlView *v, guint32 off, guint *need)
{
  /* tshark's grammar lets blanks in between the parts of a number ("1 .5", "- 1", "1e 5"),
   * but not inside a run of digits */
  guint32 i = off;
  *need = 5;
  if (i < v->len && v->data[i] == '-')
    i = skip_ws (v, i + 1);
  if (i >= v->len || !g_ascii_isdigit (v->data[i]))
    return -1;
  if (v->data[i] == '0')
    {
      if (i == off)
        *need = 3;
      i++;
    }
  else
    {
      i++;
      guint32 k = skip_ws (v, i);
      if (k < v->len && g_ascii_isdigit (v->data[k]))
        {
          i = k;
          while (i < v->len && g_ascii_isdigit (v->data[i]))
            i++;
        }
    }
  guint32 dot = skip_ws (v, i);
  if (dot < v->len && v->data[dot] == '.')
    {
      guint32 k = skip_ws (v, dot + 1);
      if (k < v->len && g_ascii_isdigit (v->data[k]))
        {
          *need = 5;
          i = k;
          while (i < v->len && g_ascii_isdigit (v->data[i]))
            i++;
        }
    }
  guint32 e = skip_ws (v, i);
  if (e < v->len && (v->data[e] == 'e' || v->data[e] == 'E'))
    {
      guint32 k = skip_ws (v, e + 1);
      if (k < v->len && (v->data[k] == '+' || v->data[k] == '-'))
        k = skip_ws (v, k + 1);
      if (k < v->len && g_ascii_isdigit (v->data[k]))
        {
          *need = 5;
          i = k;
          while (i < v->len && g_ascii_isdigit (v->data[i]))
            i++;
        }
    }
  return i;
}

/* Bytes of a UTF-8 sequence by its first byte, as tshark counts them (-1: not a first byte it
 * accepts; the string stops there). */
static int
utf8_len (guint8 c)
{
  if (c >= 0xfe)
    return -1;
  if (c >= 0xfc)
    return 6;
  if (c >= 0xf8)
    return 5;
  if (c >= 0xf0)
    return 4;
  if (c >= 0xe0)
    return 3;
  if (c >= 0xc0)
    return 2;
  return 1;
}

static gboolean
hex4 (const guint8 *s, guint32 n, guint32 *i, guint32 *out)
{
  guint32 cp = 0;
  for (int k = 0; k < 4; k++)
    {
      if (*i >= n)
        return FALSE;
      int x = g_ascii_xdigit_value (s[*i]);
      (*i)++;
      if (x < 0)
        return FALSE;
      cp = cp << 4 | (guint32) x;
    }
  *out = cp;
  return TRUE;
}

/* A string token's text without its quotes, unescaped as tshark 4.0 does it: a \u escape that
 * ends the string adds nothing, one of a character that is not printable adds nothing, a
 * broken surrogate pair adds U+FFFD, and a byte that cannot start a UTF-8 sequence ends the
 * string. *out_len gets its length (it may hold NUL bytes). */
static char *
unescape (WlArena *a, const guint8 *s, guint32 n, gsize *out_len)
{
  char *r = wl_arena_alloc (a, (gsize) n + 4);
  gsize k = 0;
  guint32 i = 0;
  while (i < n)
    {
      guint8 c = s[i];
      if (c != '\\')
        {
          int l = utf8_len (c);
          if (l <= 0)
            break;
          for (int j = 0; j < l && i < n; j++)
            r[k++] = (char) s[i++];
          continue;
        }
      if (++i >= n)
        break;
      c = s[i];
      char simple = 0;
      switch (c)
        {
        case '"': case '\\': case '/': simple = (char) c; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        default: break;
        }
      if (simple)
        {
          r[k++] = simple;
          i++;
          continue;
        }
      if (c != 'u')
        break;
      i++;
      guint32 cp = 0;
      gboolean valid = hex4 (s, n, &i, &cp);
      if (cp >= 0xd800 && cp <= 0xdbff)
        {
          if (i >= n)
            break;
          if (s[i] == '\\')
            {
              if (++i >= n)
                break;
              if (s[i] == 'u')
                {
                  guint32 trail = 0;
                  i++;
                  if (hex4 (s, n, &i, &trail) && trail >= 0xdc00 && trail <= 0xdfff)
                    cp = ((cp - 0xd800) << 10) + (trail - 0xdc00) + 0x10000;
                  else
                    valid = FALSE;
                }
              else
                {
                  i++;
                  valid = FALSE;
                }
            }
          else
            {
              i++;
              valid = FALSE;
            }
        }
      else if (cp >= 0xdc00 && cp <= 0xdfff)
        valid = FALSE;
      if (valid)
        {
          if (g_unichar_validate (cp) && g_unichar_isprint (cp) && i < n)
            k += (gsize) g_unichar_to_utf8 (cp, r + k);
        }
      else
        k += (gsize) g_unichar_to_utf8 (0xfffd, r + k);
    }
  r[k] = 0;
  *out_len = k;
  return r;
}

static const char *
path_top (const Json *j, guint down)
{
  return j->n_paths > down ? j->paths[j->n_paths - 1 - down] : "";
}

static void
path_push (Json *j, const char *path, const char *key)
{
  if (j->n_paths + 2 <= PATH_STACK)
    {
      j->paths[j->n_paths++] = path;
      j->paths[j->n_paths++] = key;
    }
}

static void
path_pop (Json *j)
{
  j->n_paths = j->n_paths >= 2 ? j->n_paths - 2 : 0;
}

/* "x:y" of two byte runs, NUL-terminated */
static const char *
join (WlArena *a, const char *x, gsize xl, const char *y, gsize yl)
{
  char *r = wl_arena_alloc (a, xl + yl + 2);
  for (gsize i = 0; i < xl; i++)
    r[i] = x[i];
  r[xl] = ':';
  for (gsize i = 0; i < yl; i++)
    r[xl + 1 + i] = y[i];
  r[xl + 1 + yl] = 0;
  return r;
}

static gint64 parse_value (Json *j, guint32 off, WlNode *parent, guint d);

/* A primitive value's items: its generated paths, then the value. */
static void
add_primitive (Json *j, WlNode *parent, int hf, guint32 off, guint32 len, gboolean is_string)
{
  WlPacket *p = j->p;
  const WlView *v = j->v;
  gboolean want_str = wl_wants (p, hf_value_string) || j->want_paths;
  const char *str = "";
  gsize slen = 0;
  if (is_string && want_str)
    str = unescape (p->arena, v->data + off + 1, len - 2, &slen);
  else if (!is_string && j->want_paths)
    {
      str = wl_arena_strndup (p->arena, (const char *) v->data + off, len);
      slen = len;
    }
  if (j->want_paths)
    {
      /* the values may hold NUL bytes: joined by length */
      const char *path = path_top (j, 1), *key = path_top (j, 0);
      gsize pl = strlen (path), kl = strlen (key);
      const char *pv = join (p->arena, path, pl, str, slen), *mv = join (p->arena, key, kl, str, slen);
      wl_node_set_generated (wl_add_string_value (p, parent, hf_path_with_value, v, off, len, pv, (gssize) (pl + slen + 1)));
      wl_node_set_generated (wl_add_string_value (p, parent, hf_member_with_value, v, off, len, mv, (gssize) (kl + slen + 1)));
    }
  if (is_string)
    wl_add_string_value (p, parent, hf, v, off, len, str, (gssize) slen);
  else if (hf == hf_value_number)
    wl_add_item (p, parent, hf, v, off, len, WL_ENC_BIG);
  else
    wl_add_none (p, parent, hf, v, off, len);
}

#define DEEP(j, level) (!(j)->emit && (level) > MAX_PARSE_DEPTH)

/* The comma-separated elements (values or members) of an array or object at depth d from i
 * on, the first at d + 4 and the others at d + 6: where the blanks after the last one end, -1
 * when one does not parse. */
static gint64
parse_elements (Json *j, guint32 i, WlNode *parent, guint d, gint64 (*elem) (Json *, guint32, WlNode *, guint))
{
  for (guint n = 0;; n++)
    {
      gint64 e = elem (j, i, parent, d + (n ? 6 : 4));
      if (e < 0)
        return -1;
      i = skip_ws (j->v, (guint32) e);
      if (i >= j->v->len || j->v->data[i] != ',')
        return i;
      i = skip_ws (j->v, i + 1);
    }
}

/* [ value, ... ] whose value is at depth d: its values at d + 4, after a comma d + 6. */
static gint64
parse_array (Json *j, guint32 off, WlNode *parent, guint d)
{
  if (DEEP (j, d + 2))
    return -1;
  WlNode *arr = NULL;
  if (j->emit)
    {
      arr = wl_add_none (j->p, parent, hf_array, j->v, off, 1);
      if (j->want_paths)
        path_push (j, wl_arena_printf (j->p->arena, "%s/[]", path_top (j, 1)), "[]");
    }
  gint64 i = skip_ws (j->v, off + 1);
  if (i < j->v->len && j->v->data[i] != ']')
    i = parse_elements (j, (guint32) i, arr, d, parse_value);
  if (i < 0)
    return -1;
  if (i >= j->v->len || j->v->data[i] != ']')
    return -1;
  if (j->emit)
    {
      wl_node_set_len (arr, i + 1 - off);
      if (j->want_paths)
        path_pop (j);
    }
  return i + 1;
}

/* "key": value, the member at depth m: its key's string at m + 1, its value at m + 1. */
static gint64
parse_member (Json *j, guint32 off, WlNode *parent, guint m)
{
  WlPacket *p = j->p;
  const WlView *v = j->v;
  guint need;
  gint64 kend = scan_string (v, off, &need);
  if (kend < 0 || DEEP (j, m + need))
    return -1;
  guint32 klen = (guint32) kend - off;
  guint32 i = skip_ws (v, (guint32) kend);
  if (i >= v->len || v->data[i] != ':')
    return -1;
  i = skip_ws (v, i + 1);
  WlNode *mn = NULL;
  const char *key = "";
  gsize key_len = 0;
  if (j->emit)
    {
      if (j->want_paths || wl_wants (p, hf_member) || wl_wants (p, hf_key))
        key = unescape (p->arena, v->data + off + 1, klen - 2, &key_len);
      mn = wl_add_string_value (p, parent, hf_member, v, off, klen, key, (gssize) key_len);
      if (j->want_paths)
        path_push (j, wl_arena_printf (p->arena, "%s/%s", path_top (j, 1), key), key);
    }
  gint64 e = parse_value (j, i, mn, m + 1);
  if (e < 0)
    return -1;
  if (j->emit)
    {
      wl_node_set_len (mn, (guint32) e - off);
      wl_add_string_value (p, mn, hf_key, v, off, klen, key, (gssize) key_len);
      if (j->want_paths)
        {
          const char *path = path_top (j, 1);
          path_pop (j);
          wl_node_set_generated (wl_add_string_value (p, mn, hf_path, v, off, (guint32) e - off, path, -1));
        }
    }
  return e;
}

/* { member, ... } whose value is at depth d: its first member at d + 4, the next ones at
 * d + 6. */
static gint64
parse_object (Json *j, guint32 off, WlNode *parent, guint d)
{
  if (DEEP (j, d + 2))
    return -1;
  WlNode *obj = j->emit ? wl_add_none (j->p, parent, hf_object, j->v, off, 1) : NULL;
  gint64 i = skip_ws (j->v, off + 1);
  if (i < j->v->len && j->v->data[i] == '"')
    i = parse_elements (j, (guint32) i, obj, d, parse_member);
  if (i < 0)
    return -1;
  if (i >= j->v->len || j->v->data[i] != '}')
    return -1;
  if (j->emit)
    wl_node_set_len (obj, i + 1 - off);
  return i + 1;
}

/* One value at off (whitespace already skipped), at parser depth d: its end, or -1 when it
 * does not parse. */
static gint64
parse_value (Json *j, guint32 off, WlNode *parent, guint d)
{
  const WlView *v = j->v;
  if (off >= v->len || DEEP (j, d + 1))
    return -1;
  static const struct { const char *word; gsize len; int *hf; } words[] = {
    { "false", 5, &hf_value_false }, { "null", 4, &hf_value_null },
    { "true", 4, &hf_value_true }, { "NaN", 3, &hf_value_nan },
  };
  for (gsize w = 0; w < G_N_ELEMENTS (words); w++)
    if (has_word (v, off, words[w].word, words[w].len))
      {
        if (j->emit)
          add_primitive (j, parent, *words[w].hf, off, (guint32) words[w].len, FALSE);
        return off + words[w].len;
      }
  guint8 c = v->data[off];
  if (c == '{')
    return parse_object (j, off, parent, d);
  if (c == '[')
    return parse_array (j, off, parent, d);
  guint need;
  gint64 e = c == '"' ? scan_string (v, off, &need) : scan_number (v, off, &need);
  if (e < 0 || DEEP (j, d + need))
    return -1;
  if (j->emit)
    add_primitive (j, parent, c == '"' ? hf_value_string : hf_value_number, off, (guint32) e - off, c == '"');
  return e;
}

static guint32
dissect_json (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  const char *mtype = data;
  WlNode *top = wl_add_proto (p, parent, proto_json, v, 0, G_MAXUINT32);
  if (mtype && *mtype)
    wl_node_set_label (p, top, "JavaScript Object Notation: %s", mtype);
  if (wl_cols (p))
    {
      char buf[64];
      g_snprintf (buf, sizeof buf, "%s/JSON", p->col_protocol ? p->col_protocol : "");
      wl_col_set_protocol (p, g_intern_string (buf));
    }
  wl_col_append_sep_info (p, ", ", "JavaScript Object Notation");

  Json *j = wl_arena_alloc (p->arena, sizeof (Json));
  j->p = p;
  j->v = v;
  j->want_paths = wl_wants (p, hf_path) || wl_wants (p, hf_path_with_value)
    || wl_wants (p, hf_member_with_value);
  /* top-level objects and arrays, one after the other, as long as they parse; the blanks
   * after one that does are its own, those before one that does not are left to the rest */
  guint32 off = 0;
  for (;;)
    {
      guint32 start = skip_ws (v, off);
      if (start >= v->len || (v->data[start] != '{' && v->data[start] != '['))
        break;
      j->emit = FALSE;
      j->n_paths = 0;
      /* the document is a value at depth 1 */
      gint64 e = parse_value (j, start, top, 1);
      if (e < 0)
        break;
      j->emit = TRUE;
      path_push (j, "", "");
      parse_value (j, start, top, 1);
      off = skip_ws (v, (guint32) e);
    }
  wl_node_set_len (top, off);

  if (off < v->reported)
    {
      WlView rest = wl_view_sub (v, off, G_MAXUINT32);
      if (text_lines)
        wl_dissector_call (text_lines, p, &rest, parent, data);
      else
        wl_call_data (p, &rest, parent);
    }
  else if (mtype && *mtype)
    wl_col_append_info (p, " (%s)", mtype);
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_array, { "Array", "json.array", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_object, { "Object", "json.object", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_member, { "Member", "json.member", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_key, { "Key", "json.key", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_path, { "Path", "json.path", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_path_with_value, { "Path with value", "json.path_with_value", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_member_with_value, { "Member with value", "json.member_with_value", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_value_string, { "String value", "json.value.string", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_value_number, { "Number value", "json.value.number", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_value_false, { "False value", "json.value.false", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_value_null, { "Null value", "json.value.null", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_value_true, { "True value", "json.value.true", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_value_nan, { "NaN value", "json.value.nan", WL_FT_NONE, WL_BASE_NONE } },
};

void
wl_register_json (void)
{
  proto_json = wl_proto_register ("JavaScript Object Notation", "JSON", "json");
  wl_fields_register (proto_json, fields, G_N_ELEMENTS (fields));
  wl_dissector_register ("json", dissect_json, proto_json);
}

void
wl_handoff_json (void)
{
  text_lines = wl_dissector_find ("data-text-lines");
}
