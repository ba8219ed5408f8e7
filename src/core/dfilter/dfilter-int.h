/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The display-filter engine's inside: tokens (lexer.c), the syntax tree (parser.c), typed
 * values and their conversions from literals (value.c, literal.c), the semantic check that
 * turns the tree into the program (compile.c) and its evaluation (eval.c).
 *
 * The language and its quirks are Wireshark 4.0's as tshark 4.0.17 runs them; where a rule
 * looks odd (a comparison of an unsigned field with -1 that is "true" under ===), it is there
 * because tshark answers so. The program is the checked syntax tree itself: literals are
 * already converted to typed values, regexes compiled, field names resolved. */
#pragma once

#include <glib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "dfilter.h"
#include "field-registry.h"

/* ---- Typed values ---- */

/* A value of a field type: what a packet's node holds, a literal converted for comparison, or
 * the result of an operation. Byte-like values point into the packet, the filter or the
 * packet's arena; they are never owned. */
typedef struct {
  WlFieldType type;
  guint32 len;              /* byte-like types: length */
  guint32 ext_len;          /* protocols: bytes from the start to the end of the data the
                               dissector was given (tshark's "contains" and "matches" search
                               them all, beyond the protocol's own length); 0: len */
  guint8 prefix;            /* IPv4 netmask bits, IPv6 prefix length */
  union {
    guint64 u;              /* unsigned integers, booleans, characters, frame numbers, IPv4 */
    gint64 i;               /* signed integers, times (nanoseconds) */
    double d;
    const guint8 *p;        /* bytes, strings, Ethernet, IPv6, protocols */
  } v;
} DfValue;

/* Comparison outcome: tshark's ft_bool_t (a comparison of values that cannot be converted to
 * one another is neither true nor false: "any" tests skip it, "all" tests ignore it). */
enum { DF_FALSE = 0, DF_TRUE = 1, DF_BADARG = -1 };

gboolean df_type_is_bytes_like (WlFieldType t);   /* ether, bytes, IPv6 (not protocol) */
gboolean df_type_is_unsigned (WlFieldType t);     /* unsigned integers, chars, frame numbers */
gboolean df_type_can_eq (WlFieldType t);
gboolean df_type_can_cmp (WlFieldType t);
gboolean df_type_can_contains (WlFieldType t);
gboolean df_type_can_matches (WlFieldType t);
gboolean df_type_can_slice (WlFieldType t);
gboolean df_type_compatible (WlFieldType a, WlFieldType b);
const char *df_type_name (WlFieldType t);        /* "FT_UINT16" */

/* Order of a against b as tshark's cmp_order: returns FALSE when they cannot be compared. */
gboolean df_value_cmp (const DfValue *a, const DfValue *b, int *cmp);
int df_value_contains (const DfValue *a, const DfValue *b);
/* Length as len() sees it; bytes of a byte-like view (for slices, contains, matches). */
guint32 df_value_length (const DfValue *v);
const guint8 *df_value_bytes (const DfValue *v, guint8 *scratch, guint32 *len);
gboolean df_value_is_zero (const DfValue *v);
gboolean df_value_is_negative (const DfValue *v);

typedef enum {
  DF_ARITH_UNARY_MINUS,
  DF_ARITH_ADD,
  DF_ARITH_SUBTRACT,
  DF_ARITH_MULTIPLY,
  DF_ARITH_DIVIDE,
  DF_ARITH_MODULO,
  DF_ARITH_BITWISE_AND,
} DfArith;

gboolean df_type_can_arith (WlFieldType t, DfArith op);
/* a op b (b ignored for unary minus); FALSE when tshark's operation fails (overflow, division
 * by zero): the result is then dropped. Byte results are allocated with alloc. */
gboolean df_value_arith (DfArith op, const DfValue *a, const DfValue *b, DfValue *out,
                         gpointer (*alloc) (gpointer, gsize), gpointer alloc_data);
/* The text string() gives, or NULL when the type has none. */
char *df_value_to_string (const DfValue *v, char *buf, gsize size);

/* ---- Literals (literal.c) ---- */

/* Conversions of filter text to a value of type t; on failure they return FALSE and set
 * *err to tshark's message. Byte storage comes from the store's arena (the filter's). */
typedef struct {
  WlArena *arena;
} DfStore;
gboolean df_value_from_literal (DfStore *st, WlFieldType t, const char *s, gboolean allow_partial,
                                DfValue *out, char **err);
gboolean df_value_from_string (DfStore *st, WlFieldType t, const guint8 *s, gsize len,
                               DfValue *out, char **err);
gboolean df_value_from_charconst (DfStore *st, WlFieldType t, gulong c, DfValue *out, char **err);

/* ---- Slices ---- */

typedef enum {
  DF_RANGE_LENGTH,    /* [i:j] */
  DF_RANGE_OFFSET,    /* [i-j] */
  DF_RANGE_TO_END,    /* [i:] */
} DfRangeEnding;

typedef struct {
  gint32 start;
  gint32 end;         /* length or end offset */
  DfRangeEnding ending;
} DfRangeNode;

typedef struct {
  guint n;
  DfRangeNode *nodes;
  char *text;         /* as tshark prints it: "0:4", "1-2", "1:" */
} DfDrange;

/* Parses one range node ("1:2", "-4:", "3-5", "7"); NULL with tshark's message on error. */
gboolean df_range_node_parse (const char *s, DfRangeNode *out, char **err);

/* ---- Tokens (lexer.c) ---- */

typedef enum {
  DF_TOK_EOF = 0,
  DF_TOK_LPAREN,
  DF_TOK_RPAREN,
  DF_TOK_COMMA,
  DF_TOK_LBRACE,
  DF_TOK_RBRACE,
  DF_TOK_DOTDOT,
  DF_TOK_DOLLAR,
  DF_TOK_LBRACKET,
  DF_TOK_RBRACKET,
  DF_TOK_RANGE_NODE,  /* the text of one slice range, between [ or , and ] or , */
  DF_TOK_HASH,
  DF_TOK_INTEGER,     /* a layer number after # */
  DF_TOK_ANY,
  DF_TOK_ALL,
  DF_TOK_ANY_EQ,
  DF_TOK_ALL_NE,
  DF_TOK_ALL_EQ,
  DF_TOK_ANY_NE,
  DF_TOK_GT,
  DF_TOK_GE,
  DF_TOK_LT,
  DF_TOK_LE,
  DF_TOK_CONTAINS,
  DF_TOK_MATCHES,
  DF_TOK_NOT,
  DF_TOK_AND,
  DF_TOK_OR,
  DF_TOK_IN,
  DF_TOK_PLUS,
  DF_TOK_MINUS,
  DF_TOK_STAR,
  DF_TOK_RSLASH,
  DF_TOK_PERCENT,
  DF_TOK_BITWISE_AND,
  DF_TOK_STRING,      /* "..." or r"...": value in str */
  DF_TOK_CHARCONST,   /* 'c': value in charval */
  DF_TOK_UNPARSED,    /* a name or a value: a field when the registry knows it */
  DF_TOK_LITERAL,     /* a value that cannot be a field (MAC, IP address, :hex) */
  DF_TOK_FIELD,       /* .name: always a field */
} DfTokType;

typedef struct {
  DfTokType type;
  int start, len;          /* byte offsets in the filter text */
  const char *text;        /* the token as written (messages quote it) */
  const guint8 *str;       /* DF_TOK_STRING value (escapes applied), NUL-terminated */
  guint32 str_len;
  gulong charval;          /* DF_TOK_CHARCONST */
  const WlField *field;    /* DF_TOK_FIELD */
} DfToken;

typedef struct DfCompiler DfCompiler;

typedef struct {
  DfCompiler *c;
  const char *text;
  int pos;
  int len;
  enum { DF_LEX_INITIAL, DF_LEX_RANGE, DF_LEX_LAYER } state;
} DfLexer;

/* Scans the next token; FALSE on a scanner error (already recorded in the compiler). */
gboolean df_lex_next (DfLexer *lx, DfToken *tok);

/* ---- Syntax tree ---- */

typedef enum {
  DF_NODE_TEST,
  DF_NODE_ARITH,
  DF_NODE_FIELD,
  DF_NODE_REFERENCE,
  DF_NODE_LITERAL,
  DF_NODE_STRING,
  DF_NODE_CHARCONST,
  DF_NODE_SLICE,
  DF_NODE_FUNCTION,
  DF_NODE_SET,
  DF_NODE_VALUE,
  DF_NODE_PCRE,
} DfNodeKind;

typedef enum {
  DF_OP_NOT,
  DF_OP_AND,
  DF_OP_OR,
  DF_OP_ANY_EQ,
  DF_OP_ALL_NE,
  DF_OP_ALL_EQ,
  DF_OP_ANY_NE,
  DF_OP_GT,
  DF_OP_GE,
  DF_OP_LT,
  DF_OP_LE,
  DF_OP_CONTAINS,
  DF_OP_MATCHES,
  DF_OP_IN,
  DF_OP_EXISTS,        /* a field or protocol alone */
  DF_OP_NOT_ZERO,      /* an arithmetic expression or slice alone: some value is not zero */
} DfOp;

typedef enum { DF_MATCH_DEFAULT, DF_MATCH_ANY, DF_MATCH_ALL } DfMatch;

typedef struct DfNode DfNode;
typedef struct DfFunc DfFunc;

/* Every field of one filter name (a name can be registered by several dissectors). */
typedef struct {
  const WlField *field;    /* the first one: its type is the name's type */
  const int *ids;
  guint n_ids;
  int slot;                /* index of the per-packet cache of its values */
} DfFieldRef;

struct DfNode {
  DfNodeKind kind;
  int start, len;          /* where the node came from, for messages */
  const char *token;       /* its text, as messages show it */
  union {
    struct {
      DfOp op;
      DfMatch how;
      DfNode *a, *b;
      gboolean uint_test;  /* a comparison of an unsigned field (no layer) with an unsigned
                            * constant: decided on the nodes in place (eval.c) */
    } test;
    struct {
      DfArith op;
      DfNode *a, *b;
    } arith;
    struct {
      DfFieldRef ref;
      DfDrange *layer;     /* tcp.port#2, NULL when none */
    } field;                /* FIELD and REFERENCE */
    const char *literal;
    struct {
      const guint8 *p;
      guint32 len;
    } string;
    gulong charval;
    struct {
      DfNode *entity;
      DfDrange *range;
    } slice;
    struct {
      const DfFunc *def;
      DfNode **params;
      guint n_params;
    } func;
    struct {
      DfNode **lo, **hi;    /* hi[i] NULL: a single value */
      guint n;
    } set;
    DfValue value;
    pcre2_code *re;
  } u;
};

/* ---- Functions ---- */

typedef struct DfEval DfEval;
typedef struct {
  DfValue *v;
  guint n;
} DfValues;

struct DfFunc {
  const char *name;
  guint min_args, max_args;  /* max 0: any number */
  /* Checks the parameters; returns the result type, or WL_FT_N_TYPES after recording an
   * error. lhs is the type the other side wants (WL_FT_NONE when unknown). */
  WlFieldType (*check) (DfCompiler *c, DfNode *fn, WlFieldType lhs);
  /* Computes the result from the parameters' values; FALSE: no result (the test fails). */
  gboolean (*eval) (DfEval *e, DfValues *args, guint n_args, DfValues *out);
};

const DfFunc *df_func_lookup (const char *name);

/* ---- Compiler ---- */

struct DfCompiler {
  const char *text;
  WlArena *arena;          /* tree and literal storage: owned by the filter once compiled */
  DfStore store;
  char *error;             /* the first error wins */
  int err_start, err_len;
  GPtrArray *regexes;      /* pcre2_code* to free with the filter */
  GArray *wanted;          /* field ids the filter reads */
  int n_slots;
  GHashTable *slots;       /* first field id -> slot + 1 */
};

void df_fail (DfCompiler *c, int start, int len, const char *fmt, ...) G_GNUC_PRINTF (4, 5);
void df_fail_node (DfCompiler *c, const DfNode *n, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
static inline gboolean df_failed (const DfCompiler *c) { return c->error != NULL; }
char *df_strdup (DfCompiler *c, const char *s);
DfNode *df_node_new (DfCompiler *c, DfNodeKind kind, int start, int len, const char *token);
/* Resolves a filter name (or alias) to its fields; FALSE when the registry does not know it. */
gboolean df_field_ref (DfCompiler *c, const char *name, DfFieldRef *out);
gboolean df_field_ref_for (DfCompiler *c, const WlField *f, DfFieldRef *out);

/* parser.c: parses the whole text; returns the root, NULL for an empty filter or an error
 * (df_failed tells). */
DfNode *df_parse (DfCompiler *c);

/* compile.c: the semantic check of one function's parameters and the helpers it needs. */
WlFieldType df_check_function (DfCompiler *c, DfNode *fn, WlFieldType lhs);
WlFieldType df_check_arith (DfCompiler *c, DfNode *n, WlFieldType lhs);
WlFieldType df_node_field_type (const DfNode *n);
gboolean df_literal_to_value (DfCompiler *c, DfNode *n, WlFieldType t);

/* ---- The compiled filter ---- */

struct WlDfilter {
  char *text;
  WlArena *arena;
  DfNode *root;            /* NULL: matches every packet */
  GPtrArray *regexes;
  int *wanted;             /* field ids */
  guint n_wanted;
  int n_slots;
};

/* ---- Evaluation (eval.c) ---- */

struct DfEval {
  const WlDfilter *df;
  const WlPacket *p;
  WlArena *arena;
  DfValues *slots;
  guint8 *loaded;          /* per slot: 0 not yet, 1 loaded */
  pcre2_match_data *md;
};

gpointer df_eval_alloc (gpointer eval, gsize size);
/* The value a filter reads from one of the packet's nodes. */
void df_value_from_node (const WlPacket *p, const WlNode *n, DfValue *v);
