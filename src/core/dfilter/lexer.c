/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The display-filter scanner: turns filter text into tokens, one at a time, as tshark 4.0's
 * flex scanner does. Like flex it takes the longest match at each position, so "1.2.3.4/24"
 * is one address, "1.2.3.256" a name and "ab:cd" a byte string; it keeps each token's text and
 * position for the messages. Three states: ordinary text, the inside of a slice "[...]" (whose
 * ranges the parser checks), and the layer number after "#". */
#include <string.h>
#include "dfilter-int.h"

static gboolean
is_hex (char c)
{
  return g_ascii_isxdigit (c);
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* {VarIdentifier}(\.{VarIdentifier})*: a name may hold dashes but not start with one, and a
 * dot must be followed by a name character ("a." is "a" then "."). */
static int
match_identifier (const char *s)
{
  if (!(g_ascii_isalnum (s[0]) || s[0] == '_'))
    return 0;
  int n = 1;
  for (;;)
    {
      while (is_ident_char (s[n]))
        n++;
      if (s[n] == '.' && is_ident_char (s[n + 1]))
        {
          n += 2;
          continue;
        }
      return n;
    }
}

/* One IPv4 octet without leading zeros; fills ends[] with every length that matches. */
static int
octet_lengths (const char *s, int ends[3])
{
  int n = 0;
  if (!g_ascii_isdigit (s[0]))
    return 0;
  ends[n++] = 1;
  if (s[0] != '0' && g_ascii_isdigit (s[1]))
    {
      ends[n++] = 2;
      if (g_ascii_isdigit (s[2]))
        {
          int v = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
          if (v <= 255)
            ends[n++] = 3;
        }
    }
  return n;
}

/* The longest prefix of s that is a dotted quad ({IPv4Address} of the flex scanner). */
static int
ipv4_longest (const char *s, int part)
{
  int ends[3], n = octet_lengths (s, ends), best = 0;
  for (int i = 0; i < n; i++)
    {
      int len = ends[i];
      if (part == 3)
        best = MAX (best, len);
      else if (s[len] == '.')
        {
          int rest = ipv4_longest (s + len + 1, part + 1);
          if (rest > 0)
            best = MAX (best, len + 1 + rest);
        }
    }
  return best;
}

static int
match_ipv4 (const char *s)
{
  return ipv4_longest (s, 0);
}

/* Whether s[0..len) is exactly an IPv4 address. */
static gboolean
is_ipv4 (const char *s, int len)
{
  int ends[3];
  int pos = 0;
  for (int part = 0; part < 4; part++)
    {
      int n = octet_lengths (s + pos, ends), took = -1;
      /* octets are at most 3 digits and end at a dot or the end */
      for (int i = n - 1; i >= 0; i--)
        {
          int e = pos + ends[i];
          if ((part < 3 && e < len && s[e] == '.') || (part == 3 && e == len))
            {
              took = ends[i];
              break;
            }
        }
      if (took < 0)
        return FALSE;
      pos += took + (part < 3 ? 1 : 0);
    }
  return pos == len;
}

/* Whether s[0..len) is an IPv6 address as RFC 3986 (and the flex pattern) writes them. */
static gboolean
is_ipv6 (const char *s, int len)
{
  const char *dc = NULL;
  for (int i = 0; i + 1 < len; i++)
    if (s[i] == ':' && s[i + 1] == ':')
      {
        if (dc)
          return FALSE;
        dc = s + i;
        i++;
      }

  /* Counts the 16-bit groups of one side; an IPv4 tail counts two. */
  int units[2] = { 0, 0 };
  const char *part_start[2] = { s, dc ? dc + 2 : NULL };
  const char *part_end[2] = { dc ? dc : s + len, s + len };
  int n_parts = dc ? 2 : 1;
  for (int k = 0; k < n_parts; k++)
    {
      const char *p = part_start[k], *e = part_end[k];
      if (p == e)
        {
          if (!dc)
            return FALSE;
          continue;
        }
      for (;;)
        {
          const char *q = p;
          while (q < e && *q != ':')
            q++;
          int glen = (int) (q - p);
          if (q == e && memchr (p, '.', glen))
            {
              /* only the last group of the address may be an IPv4 address */
              if (k != n_parts - 1 || !is_ipv4 (p, glen))
                return FALSE;
              units[k] += 2;
              break;
            }
          if (glen < 1 || glen > 4)
            return FALSE;
          for (int i = 0; i < glen; i++)
            if (!is_hex (p[i]))
              return FALSE;
          units[k]++;
          if (q == e)
            break;
          p = q + 1;
          if (p == e)
            return FALSE; /* a trailing single colon */
        }
    }
  if (!dc)
    return units[0] == 8;
  return units[0] + units[1] <= 7;
}

static int
match_ipv6 (const char *s)
{
  int m = 0;
  while (is_hex (s[m]) || s[m] == ':' || s[m] == '.')
    m++;
  for (int len = m; len >= 2; len--)
    if (is_ipv6 (s, len))
      return len;
  return 0;
}

/* "/" followed by 1..max digits. */
static int
match_prefix (const char *s, int max)
{
  if (s[0] != '/' || !g_ascii_isdigit (s[1]))
    return 0;
  int n = 1;
  while (n <= max && g_ascii_isdigit (s[n]))
    n++;
  return n;
}

/* hex2 (sep hex2)+, with at least min_pairs pairs (0: no limit other than one separator). */
static int
match_hex_pairs (const char *s, char sep, int exact_pairs)
{
  if (!is_hex (s[0]) || !is_hex (s[1]))
    return 0;
  int n = 2, pairs = 1;
  while (s[n] == sep && is_hex (s[n + 1]) && is_hex (s[n + 2]))
    {
      if (exact_pairs && pairs == exact_pairs)
        break;
      n += 3;
      pairs++;
    }
  if (exact_pairs ? pairs != exact_pairs : pairs < 2)
    return 0;
  return n;
}

/* Addresses and byte strings ("aa:bb:cc:dd:ee:ff", "10.0.0.0/8", "::1/64", "ab:cd"): tshark
 * 4.0 scans them as names (so "1.2.3.4(" would call a function), longer than the name rule. */
static int
match_value (const char *s)
{
  int best = 0, n;
  best = MAX (best, match_hex_pairs (s, ':', 6));
  best = MAX (best, match_hex_pairs (s, '-', 6));
  best = MAX (best, match_hex_pairs (s, ':', 0));
  if ((n = match_ipv4 (s)) > 0)
    best = MAX (best, n + match_prefix (s + n, 2));
  if ((n = match_ipv6 (s)) > 0)
    best = MAX (best, n + match_prefix (s + n, 3));
  return best;
}

/* ":hex", ":aa:bb", ":aa-bb", ":aa.bb": always a value, never a name. */
static int
match_colon_literal (const char *s)
{
  if (s[0] != ':')
    return 0;
  int best = 0, n = 1;
  while (is_hex (s[n]))
    n++;
  if (n > 1)
    best = n;
  best = MAX (best, 1 + match_hex_pairs (s + 1, ':', 0));
  best = MAX (best, 1 + match_hex_pairs (s + 1, '-', 0));
  best = MAX (best, 1 + match_hex_pairs (s + 1, '.', 0));
  return best > 1 ? best : 0;
}

typedef struct {
  const char *text;
  DfTokType type;
} Keyword;

/* Operators and keywords; the longest match wins, and a keyword beats a name of the same
 * length ("eq" is an operator, "eq80" a name). */
static const Keyword keywords[] = {
  { "==", DF_TOK_ANY_EQ }, { "eq", DF_TOK_ANY_EQ }, { "any_eq", DF_TOK_ANY_EQ },
  { "!=", DF_TOK_ALL_NE }, { "ne", DF_TOK_ALL_NE }, { "all_ne", DF_TOK_ALL_NE },
  { "===", DF_TOK_ALL_EQ }, { "all_eq", DF_TOK_ALL_EQ },
  { "!==", DF_TOK_ANY_NE }, { "any_ne", DF_TOK_ANY_NE }, { "~=", DF_TOK_ANY_NE },
  { ">", DF_TOK_GT }, { "gt", DF_TOK_GT }, { ">=", DF_TOK_GE }, { "ge", DF_TOK_GE },
  { "<", DF_TOK_LT }, { "lt", DF_TOK_LT }, { "<=", DF_TOK_LE }, { "le", DF_TOK_LE },
  { "contains", DF_TOK_CONTAINS }, { "~", DF_TOK_MATCHES }, { "matches", DF_TOK_MATCHES },
  { "!", DF_TOK_NOT }, { "not", DF_TOK_NOT }, { "&&", DF_TOK_AND }, { "and", DF_TOK_AND },
  { "||", DF_TOK_OR }, { "or", DF_TOK_OR }, { "in", DF_TOK_IN },
  { "+", DF_TOK_PLUS }, { "-", DF_TOK_MINUS }, { "*", DF_TOK_STAR }, { "/", DF_TOK_RSLASH },
  { "%", DF_TOK_PERCENT }, { "&", DF_TOK_BITWISE_AND }, { "bitwise_and", DF_TOK_BITWISE_AND },
  { "(", DF_TOK_LPAREN }, { ")", DF_TOK_RPAREN }, { ",", DF_TOK_COMMA },
  { "{", DF_TOK_LBRACE }, { "}", DF_TOK_RBRACE }, { "..", DF_TOK_DOTDOT },
  { "$", DF_TOK_DOLLAR }, { "any", DF_TOK_ANY }, { "all", DF_TOK_ALL },
  { "[", DF_TOK_LBRACKET }, { "#", DF_TOK_HASH },
};

static const char *
token_text (DfLexer *lx, int start, int len)
{
  return wl_arena_strndup (lx->c->arena, lx->text + start, len);
}

static void
set_token (DfLexer *lx, DfToken *tok, DfTokType type, int start, int len)
{
  tok->type = type;
  tok->start = start;
  tok->len = len;
  tok->text = token_text (lx, start, len);
  lx->pos = start + len;
}

/* A Unicode escape \uXXXX or \UXXXXXXXX: C11's rules for universal character names. */
static gboolean
ucn_value (const char *s, int len, gunichar *out)
{
  int want = s[1] == 'u' ? 4 : 8;
  if (len != want + 2)
    return FALSE;
  gunichar c = 0;
  for (int i = 2; i < len; i++)
    c = c * 16 + g_ascii_xdigit_value (s[i]);
  if (c < 0xa0 && c != 0x24 && c != 0x40 && c != 0x60)
    return FALSE;
  if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
    return FALSE;
  *out = c;
  return TRUE;
}

/* A double-quoted string, plain or raw (r"..."); start is at the r or the quote. */
static gboolean
scan_string (DfLexer *lx, DfToken *tok, int start)
{
  const char *s = lx->text;
  int p = start;
  gboolean raw = FALSE;
  if (s[p] == 'r' || s[p] == 'R')
    {
      raw = TRUE;
      p++;
    }
  p++; /* the opening quote */
  GString *val = g_string_new (NULL);
  for (;;)
    {
      if (p >= lx->len)
        {
          g_string_free (val, TRUE);
          df_fail (lx->c, lx->len, 0, "The final quote was missing from a quoted string.");
          return FALSE;
        }
      char c = s[p];
      if (c == '"')
        {
          p++;
          break;
        }
      if (c != '\\')
        {
          int q = p;
          while (q < lx->len && s[q] != '\\' && s[q] != '"')
            q++;
          g_string_append_len (val, s + p, q - p);
          p = q;
          continue;
        }
      /* an escape sequence */
      int q = p + 1;
      if (q >= lx->len)
        {
          /* a lone backslash at the end: the string is never closed */
          g_string_append_c (val, '\\');
          p = q;
          continue;
        }
      char e = s[q];
      int elen;
      if (e >= '0' && e <= '7')
        {
          elen = 2;
          while (elen < 4 && s[p + elen] >= '0' && s[p + elen] <= '7')
            elen++;
          if (!raw)
            {
              gulong v = strtoul (wl_arena_strndup (lx->c->arena, s + p + 1, elen - 1), NULL, 8);
              if (v > 0xff)
                {
                  g_string_free (val, TRUE);
                  df_fail (lx->c, p, elen, "%.*s is larger than 255.", elen, s + p);
                  return FALSE;
                }
              g_string_append_c (val, (char) v);
            }
        }
      else if (e == 'x' && is_hex (s[q + 1]))
        {
          elen = is_hex (s[q + 2]) ? 4 : 3;
          if (!raw)
            {
              int v = g_ascii_xdigit_value (s[q + 1]);
              if (elen == 4)
                v = v * 16 + g_ascii_xdigit_value (s[q + 2]);
              g_string_append_c (val, (char) v);
            }
        }
      else if (e == 'u' || e == 'U')
        {
          int max = e == 'u' ? 4 : 8;
          elen = 2;
          while (elen < max + 2 && is_hex (s[p + elen]))
            elen++;
          if (!raw)
            {
              gunichar uc;
              if (!ucn_value (s + p, elen, &uc))
                {
                  g_string_free (val, TRUE);
                  df_fail (lx->c, p, elen, "%.*s is not a valid universal character name",
                           elen, s + p);
                  return FALSE;
                }
              g_string_append_unichar (val, uc);
            }
        }
      else
        {
          elen = 2;
          if (!raw)
            {
              char v;
              switch (e)
                {
                case 'a': v = '\a'; break;
                case 'b': v = '\b'; break;
                case 'f': v = '\f'; break;
                case 'n': v = '\n'; break;
                case 'r': v = '\r'; break;
                case 't': v = '\t'; break;
                case 'v': v = '\v'; break;
                case '\\': v = '\\'; break;
                case '"': v = '"'; break;
                case '\'': v = '\''; break;
                default:
                  g_string_free (val, TRUE);
                  df_fail (lx->c, p, 2, "\\%c is not a valid character escape sequence", e);
                  return FALSE;
                }
              g_string_append_c (val, v);
            }
        }
      if (raw)
        g_string_append_len (val, s + p, elen);
      p += elen;
    }
  set_token (lx, tok, DF_TOK_STRING, start, p - start);
  tok->str_len = (guint32) val->len;
  tok->str = wl_arena_memdup (lx->c->arena, val->str, val->len + 1);
  g_string_free (val, TRUE);
  return TRUE;
}

/* The value of a character constant 'c', '\n', '\x41', '\101', '\u00e9' (text with quotes),
 * with tshark 4.0's checks and messages. */
static gboolean
charconst_value (DfLexer *lx, const char *s, int start, int len, gulong *out)
{
  const char *cp = s + 1;
  gulong value;
  if (*cp == '\'')
    {
      df_fail (lx->c, start, len, "Empty character constant.");
      return FALSE;
    }
  if (*cp == '\\')
    {
      cp++;
      switch (*cp)
        {
        case 'a': value = '\a'; cp++; break;
        case 'b': value = '\b'; cp++; break;
        case 'f': value = '\f'; cp++; break;
        /* tshark 4.0 forgets to step over the 'n', so '\n' is reported as too long */
        case 'n': value = '\n'; break;
        case 'r': value = '\r'; cp++; break;
        case 't': value = '\t'; cp++; break;
        case 'v': value = '\v'; cp++; break;
        case '\\': value = '\\'; cp++; break;
        case '\'': value = '\''; cp++; break;
        case '"': value = '"'; cp++; break;
        case 'x':
          cp++;
          if (!is_hex (*cp))
            {
              df_fail (lx->c, start, len, "%s isn't a valid character constant.", s);
              return FALSE;
            }
          value = g_ascii_xdigit_value (*cp++);
          if (*cp != '\'')
            {
              if (!is_hex (*cp))
                {
                  df_fail (lx->c, start, len, "%s isn't a valid character constant.", s);
                  return FALSE;
                }
              value = value * 16 + g_ascii_xdigit_value (*cp++);
            }
          break;
        case 'u':
        case 'U':
          {
            int max = *cp == 'u' ? 4 : 8, n = 1;
            while (n <= max && is_hex (cp[n]))
              n++;
            gunichar uc;
            if (!ucn_value (cp - 1, n + 1, &uc))
              {
                df_fail (lx->c, start, len, "%s is not a valid universal character name", s);
                return FALSE;
              }
            value = uc;
            cp += n;
          }
          break;
        default:
          if (*cp < '0' || *cp > '7')
            {
              df_fail (lx->c, start, len, "%s isn't a valid character constant.", s);
              return FALSE;
            }
          value = (gulong) (*cp++ - '0');
          for (int i = 0; i < 2 && *cp != '\''; i++)
            {
              if (*cp < '0' || *cp > '7')
                {
                  df_fail (lx->c, start, len, "%s isn't a valid character constant.", s);
                  return FALSE;
                }
              value = value * 8 + (gulong) (*cp++ - '0');
            }
          if (value > 0xff)
            {
              df_fail (lx->c, start, len, "%s is too large to be a valid character constant.", s);
              return FALSE;
            }
          break;
        }
    }
  else
    {
      value = (gulong) (long) (signed char) *cp;
      if (!g_ascii_isprint ((int) value))
        {
          df_fail (lx->c, start, len, "Non-printable value '0x%02lx' in character constant.", value);
          return FALSE;
        }
      cp++;
    }
  if (cp[0] != '\'' || cp[1] != '\0')
    {
      df_fail (lx->c, start, len, "%s is too long to be a valid character constant.", s);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
scan_charconst (DfLexer *lx, DfToken *tok, int start)
{
  const char *s = lx->text;
  int p = start + 1;
  for (;;)
    {
      if (p >= lx->len)
        {
          df_fail (lx->c, lx->len, 0, "The final quote was missing from a character constant.");
          return FALSE;
        }
      if (s[p] == '\'')
        {
          p++;
          break;
        }
      if (s[p] == '\\' && p + 1 < lx->len)
        p += 2;
      else
        p++;
    }
  set_token (lx, tok, DF_TOK_CHARCONST, start, p - start);
  return charconst_value (lx, tok->text, start, p - start, &tok->charval);
}

static gboolean
scan_range (DfLexer *lx, DfToken *tok)
{
  int p = lx->pos;
  if (p >= lx->len)
    {
      df_fail (lx->c, lx->len, 0, "The right bracket was missing from a slice.");
      return FALSE;
    }
  if (lx->text[p] == ']')
    {
      lx->state = DF_LEX_INITIAL;
      set_token (lx, tok, DF_TOK_RBRACKET, p, 1);
      return TRUE;
    }
  if (lx->text[p] == ',')
    {
      set_token (lx, tok, DF_TOK_COMMA, p, 1);
      return TRUE;
    }
  int q = p;
  while (q < lx->len && lx->text[q] != ']' && lx->text[q] != ',')
    q++;
  set_token (lx, tok, DF_TOK_RANGE_NODE, p, q - p);
  return TRUE;
}

static gboolean
scan_layer (DfLexer *lx, DfToken *tok)
{
  int p = lx->pos;
  if (p >= lx->len)
    {
      set_token (lx, tok, DF_TOK_EOF, p, 0);
      return TRUE;
    }
  if (lx->text[p] == '[')
    {
      lx->state = DF_LEX_RANGE;
      set_token (lx, tok, DF_TOK_LBRACKET, p, 1);
      return TRUE;
    }
  if (g_ascii_isdigit (lx->text[p]))
    {
      int q = p;
      while (g_ascii_isdigit (lx->text[q]))
        q++;
      lx->state = DF_LEX_INITIAL;
      set_token (lx, tok, DF_TOK_INTEGER, p, q - p);
      return TRUE;
    }
  int clen = 1;
  df_fail (lx->c, p, clen, "Expected digit or \"[\", not \"%.*s\"", clen, lx->text + p);
  return FALSE;
}

gboolean
df_lex_next (DfLexer *lx, DfToken *tok)
{
  memset (tok, 0, sizeof *tok);
  if (lx->state == DF_LEX_RANGE)
    return scan_range (lx, tok);
  if (lx->state == DF_LEX_LAYER)
    return scan_layer (lx, tok);

  const char *s = lx->text;
  int p = lx->pos;
  while (p < lx->len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
    p++;
  if (p >= lx->len)
    {
      set_token (lx, tok, DF_TOK_EOF, p, 0);
      return TRUE;
    }
  const char *t = s + p;
  if ((guchar) *t < 0x20 || (guchar) *t >= 0x7f)
    {
      df_fail (lx->c, p, 1, "Non-printable ASCII characters may only appear inside double-quotes.");
      return FALSE;
    }
  if (*t == '"' || ((*t == 'r' || *t == 'R') && t[1] == '"'))
    return scan_string (lx, tok, p);
  if (*t == '\'')
    return scan_charconst (lx, tok, p);

  /* The longest of: an operator or keyword, a name, a value pattern, a .field. */
  int kw_len = 0;
  DfTokType kw_type = DF_TOK_EOF;
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      int n = (int) strlen (keywords[i].text);
      if (n > kw_len && strncmp (t, keywords[i].text, n) == 0)
        {
          kw_len = n;
          kw_type = keywords[i].type;
        }
    }
  int id_len = MAX (match_identifier (t), match_value (t));
  int lit_len = match_colon_literal (t);
  int field_len = t[0] == '.' ? match_identifier (t + 1) : 0;
  if (field_len)
    field_len++;

  if (lit_len > id_len && lit_len > kw_len && lit_len >= field_len)
    {
      set_token (lx, tok, DF_TOK_LITERAL, p, lit_len);
      return TRUE;
    }
  if (id_len > kw_len && id_len >= field_len)
    {
      set_token (lx, tok, DF_TOK_UNPARSED, p, id_len);
      return TRUE;
    }
  if (field_len > kw_len)
    {
      set_token (lx, tok, DF_TOK_FIELD, p, field_len);
      tok->field = wl_field_lookup (tok->text + 1);
      if (!tok->field)
        {
          df_fail (lx->c, p, field_len, "\"%s\" is not a valid protocol or protocol field.",
                   tok->text + 1);
          return FALSE;
        }
      return TRUE;
    }
  if (kw_len)
    {
      set_token (lx, tok, kw_type, p, kw_len);
      if (kw_type == DF_TOK_LBRACKET)
        lx->state = DF_LEX_RANGE;
      else if (kw_type == DF_TOK_HASH)
        lx->state = DF_LEX_LAYER;
      return TRUE;
    }
  /* tshark's scanner itself refuses a character no rule takes, before the parser sees it */
  df_fail (lx->c, p, 1, "\"%c\" was unexpected in this context.", *t);
  return FALSE;
}
