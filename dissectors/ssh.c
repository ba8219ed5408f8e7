/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSH on tcp port 22: the version banners, the binary packets of the key exchange (KEXINIT
 * with its algorithm lists, DH / DH group exchange / ECDH, NEWKEYS) and then the encrypted
 * packets of each direction. The state of each connection is built on the first pass; the
 * Protocol and Info columns follow tshark 4.0 ("Client: Key Exchange Init", "SSHv2"). */
#include <string.h>
#include "dissect.h"
#include "session.h"

#define SSH_PORT 22
#define SSH_MAX_PACKET_LEN (256 * 1024)

static int proto_ssh = -1;
static int hf_protocol = -1, hf_packet_length = -1, hf_packet_length_encrypted = -1,
  hf_padding_length = -1, hf_payload = -1, hf_encrypted_packet = -1, hf_padding_string = -1,
  hf_seq_num = -1, hf_mac = -1, hf_direction = -1, hf_message_code = -1, hf_cookie = -1,
  hf_first_kex_follows = -1, hf_kex_reserved = -1, hf_hassh_algorithms = -1, hf_hassh = -1,
  hf_hasshserver_algorithms = -1, hf_hasshserver = -1, hf_host_key_length = -1,
  hf_host_key_type_length = -1, hf_host_key_type = -1, hf_host_key_data = -1,
  hf_host_key_rsa_n = -1, hf_host_key_rsa_e = -1, hf_host_key_dsa_p = -1,
  hf_host_key_dsa_q = -1, hf_host_key_dsa_g = -1, hf_host_key_dsa_y = -1,
  hf_host_key_ecdsa_id = -1, hf_host_key_ecdsa_id_length = -1, hf_host_key_ecdsa_q = -1,
  hf_host_key_ecdsa_q_length = -1, hf_host_key_eddsa_key = -1, hf_host_key_eddsa_key_length = -1,
  hf_host_sig_length = -1, hf_host_sig_type_length = -1, hf_host_sig_type = -1,
  hf_host_sig_data = -1, hf_dh_e = -1, hf_dh_f = -1, hf_gex_min = -1, hf_gex_nbits = -1,
  hf_gex_max = -1, hf_gex_p = -1, hf_gex_g = -1, hf_ecdh_q_c = -1, hf_ecdh_q_c_length = -1,
  hf_ecdh_q_s = -1, hf_ecdh_q_s_length = -1, hf_mpint_length = -1;
static int ei_packet_length = -1, ei_packet_decode = -1, ei_key_length = -1;

/* The ten name-lists of KEXINIT, in packet order: a string field and its length field. */
static int hf_algo[10], hf_algo_len[10];
static const char *const algo_names[10] = {
  "kex_algorithms", "server_host_key_algorithms",
  "encryption_algorithms_client_to_server", "encryption_algorithms_server_to_client",
  "mac_algorithms_client_to_server", "mac_algorithms_server_to_client",
  "compression_algorithms_client_to_server", "compression_algorithms_server_to_client",
  "languages_client_to_server", "languages_server_to_client",
};
enum { A_KEX = 0, A_HOSTKEY, A_ENC_C2S, A_ENC_S2C, A_MAC_C2S, A_MAC_S2C, A_COMP_C2S, A_COMP_S2C };

static const WlValueString msg_names[] = {
  { 1, "Disconnect" }, { 2, "Ignore" }, { 3, "Unimplemented" }, { 4, "Debug" },
  { 5, "Service Request" }, { 6, "Service Accept" }, { 20, "Key Exchange Init" },
  { 21, "New Keys" }, { 50, "User Authentication Request" },
  { 51, "User Authentication Failure" }, { 52, "User Authentication Success" },
  { 53, "User Authentication Banner" }, { 60, "Public Key algorithm accepted" },
  { 80, "Global Request" }, { 81, "Request Success" }, { 82, "Request Failure" },
  { 90, "Channel Open" }, { 91, "Channel Open Confirmation" }, { 92, "Channel Open Failure" },
  { 93, "Window Adjust" }, { 94, "Channel Data" }, { 95, "Channel Extended Data" },
  { 96, "Channel EOF" }, { 97, "Channel Close" }, { 98, "Channel Request" },
  { 99, "Channel Success" }, { 100, "Channel Failure" }, { 0, NULL }
};
static const WlValueString dh_names[] = {
  { 30, "Diffie-Hellman Key Exchange Init" }, { 31, "Diffie-Hellman Key Exchange Reply" }, { 0, NULL }
};
static const WlValueString gex_names[] = {
  { 30, "Diffie-Hellman Group Exchange Request (Old)" }, { 31, "Diffie-Hellman Group Exchange Group" },
  { 32, "Diffie-Hellman Group Exchange Init" }, { 33, "Diffie-Hellman Group Exchange Reply" },
  { 34, "Diffie-Hellman Group Exchange Request" }, { 0, NULL }
};
static const WlValueString ecdh_names[] = {
  { 30, "Elliptic Curve Diffie-Hellman Key Exchange Init" },
  { 31, "Elliptic Curve Diffie-Hellman Key Exchange Reply" }, { 0, NULL }
};
/* All of them, for the field's value names (tshark registers them all under one field). */
static WlValueString all_msg_names[G_N_ELEMENTS (msg_names) + G_N_ELEMENTS (gex_names)];

static const WlTrueFalse tfs_direction = { "server-to-client", "client-to-server" };

enum { VERSION_UNKNOWN = 0, VERSION_1 = 1, VERSION_2 = 2 };
enum { KEX_DH, KEX_DH_GEX, KEX_ECDH };

/* The key exchange messages tshark 4.0 numbers (ssh.seq_num): each kind once per conversation,
 * in the count of the side that sends it. */
enum {
  SEQ_KEXINIT, SEQ_NEWKEYS, SEQ_DH_INIT, SEQ_DH_REPLY, SEQ_GEX_REQUEST, SEQ_GEX_GROUP,
  SEQ_GEX_INIT, SEQ_GEX_REPLY, SEQ_ECDH_INIT, SEQ_ECDH_REPLY, SEQ_KINDS
};

/* A negotiated algorithm's name: its place in SshState.name_list (names_at ()), 0 for none.
 * Four bytes in each of a conversation's eleven places rather than a pointer's eight. */
typedef guint32 SshName;

typedef struct {
  guint32 version_start, version_end;  /* frames of the banner */
  guint32 key_start;                   /* frame of KEXINIT */
  guint32 key_end;                     /* frame of NEWKEYS */
  guint32 key_end_offset;              /* where NEWKEYS starts in that frame's data */
  SshName enc, mac, comp;              /* negotiated for this direction */
  char **algos;                        /* its first KEXINIT's 10 name-lists (owned) until
                                        * negotiated, then NULL */
  guint8 mac_length;                   /* at most 64 (mac_length_of ()) */
  guint8 seq_count;                    /* messages this side has numbered: each kind at most
                                        * twice (number_kex_message ()) */
  guint8 seq_of[SEQ_KINDS];            /* the number each kind got, 0 until then */
  guint key_end_reassembled : 1;
  guint kexinit_seen : 1;              /* its first KEXINIT (the one negotiated) */
  guint aead : 1;                      /* chacha20-poly1305 or AES-GCM: no separate MAC */
  guint decryptable : 1;               /* a cipher tshark 4.0 tries to decrypt */
} SshPeer;

typedef struct {
  /* What version became, and in which frame, each time it changed (a banner of each side):
   * a frame shows the version known when its first visit began (version_seen ()). More
   * changes than that are kept per frame (version_per_frame). */
  guint32 version_frame[2];
  guint32 kex_frame, kex_offset;       /* where the first pass learnt kex (the second KEXINIT) */
  guint32 keys_frame, keys_offset;     /* where keys_ready became TRUE (the reply) */
  SshName kex;                         /* negotiated method */
  SshName neg[8];                      /* negotiated algorithms */
  guint8 version;
  guint8 version_value[2];
  guint8 n_version_changes;
  guint8 kex_kind;
  guint version_per_frame : 1;
  guint keys_ready : 1;                /* the key exchange reply was understood */
  SshPeer peer[2];                     /* 0: client, 1: server */
} SshConv;

typedef struct {
  GHashTable *convs; /* stream -> SshConv* */
  GHashTable *names;     /* the negotiated algorithms' names, each once (a handful per capture) -> SshName */
  GPtrArray *name_list;  /* SshName -> the name (owned); 0: NULL */
} SshState;

static void
free_algos (SshPeer *pe)
{
  for (int i = 0; pe->algos && i < 10; i++)
    g_free (pe->algos[i]);
  g_clear_pointer (&pe->algos, g_free);
}

static void
conv_free (gpointer data)
{
  SshConv *c = data;
  for (int d = 0; d < 2; d++)
    free_algos (&c->peer[d]);
  g_free (c);
}

static void
state_free (gpointer data)
{
  SshState *st = data;
  g_hash_table_destroy (st->convs);
  g_hash_table_destroy (st->names);
  g_ptr_array_free (st->name_list, TRUE);
  g_free (st);
}

/* The session's number for a name (owned is freed or kept); 0 for NULL. */
static SshName
intern_name (WlPacket *p, char *owned)
{
  if (!owned)
    return 0;
  SshState *st = wl_session_get_state (p->session, proto_ssh);
  gpointer have = g_hash_table_lookup (st->names, owned);
  if (have)
    {
      g_free (owned);
      return GPOINTER_TO_UINT (have);
    }
  SshName n = st->name_list->len;
  g_ptr_array_add (st->name_list, owned);
  g_hash_table_insert (st->names, owned, GUINT_TO_POINTER (n));
  return n;
}

static const char *
name_at (const WlPacket *p, SshName n)
{
  if (n == 0)
    return NULL;
  const SshState *st = wl_session_get_state (p->session, proto_ssh);
  return g_ptr_array_index (st->name_list, n);
}

static SshConv *
ssh_conv (WlPacket *p)
{
  SshState *st = wl_session_get_state (p->session, proto_ssh);
  if (!st)
    {
      st = g_new0 (SshState, 1);
      st->convs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, conv_free);
      st->names = g_hash_table_new (g_str_hash, g_str_equal);
      st->name_list = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (st->name_list, NULL);
      wl_session_set_state (p->session, proto_ssh, st, state_free);
    }
  SshConv *c = g_hash_table_lookup (st->convs, GUINT_TO_POINTER (p->stream));
  if (!c)
    {
      c = g_new0 (SshConv, 1);
      g_hash_table_insert (st->convs, GUINT_TO_POINTER (p->stream), c);
    }
  return c;
}

/* One dissection call. failed stands for tshark's exception: the packet is marked and the
 * rest of the call (the "Client: " prefix too) does not happen. */
typedef struct {
  WlPacket *p;
  const WlView *v;
  SshConv *c;
  SshPeer *peer;
  int is_server;
  gboolean failed;
  gboolean first_info;  /* nothing appended to Info yet */
  guint32 seq_num;      /* the current key exchange message's ssh.seq_num */
} Ctx;

/* Numbers a key exchange message of a kind sent by side (0: client, 1: server) as tshark 4.0
 * does: the first message of each kind takes the side's count, the others (and revisits) the
 * number it took. tshark counts the Diffie-Hellman and group exchange messages before taking
 * the number (count_first), so they and the messages after them run one ahead. */
static void
number_kex_message (Ctx *x, int side, int kind, gboolean count_first)
{
  SshPeer *pe = &x->c->peer[side];
  if (!x->p->visited && pe->seq_of[kind] == 0)
    {
      if (count_first)
        pe->seq_count++;
      pe->seq_of[kind] = pe->seq_count;
      if (!count_first)
        pe->seq_count++;
    }
  x->seq_num = pe->seq_of[kind];
}

static gboolean
need (Ctx *x, guint64 off, guint64 n)
{
  if (x->failed)
    return FALSE;
  if (off + n <= x->v->len)
    return TRUE;
  x->failed = TRUE;
  if (off + n <= x->v->reported)
    x->p->is_truncated = TRUE;
  else if (x->p->caplen < x->p->len)
    /* In a frame the snap length cut, tshark 4.0 reports a read past the segment's end as a
     * bound error of an unreassembled packet, not as a malformed one. */
    {
      extern int wl_proto_unreassembled, wl_hf_unreassembled_expert; /* frame.c */
      wl_col_append_info (x->p, "[BoundErrorUnreassembled Packet]");
      WlNode *u = wl_add_bytes_value (x->p, NULL, wl_proto_unreassembled, x->v, x->v->len, 0, NULL, 0);
      wl_node_set_label (x->p, u, "[BoundError Unreassembled Packet: SSH]");
      wl_add_expert (x->p, u, wl_hf_unreassembled_expert, x->v, x->v->len, 0, "Note", "Reassemble",
                     "Unreassembled fragment (change preferences to enable reassembly)");
    }
  else
    wl_packet_set_malformed (x->p, proto_ssh, x->v, (guint32) MIN (off, x->v->len));
  return FALSE;
}

static void
info_append (Ctx *x, const char *text)
{
  wl_col_append_sep_info (x->p, ", ", "%s", text);
}

/* uint32 length + bytes; adds both fields. Returns the bytes used, 0 on failure. */
static guint32
add_string (Ctx *x, WlNode *tree, guint32 off, int hf_value, int hf_len)
{
  if (!need (x, off, 4))
    return 0;
  guint32 n = wl_view_ntohl (x->v, off);
  if (hf_len >= 0)
    wl_add_item (x->p, tree, hf_len, x->v, off, 4, WL_ENC_BIG);
  if (!need (x, (guint64) off + 4, n))
    return 0;
  wl_add_item (x->p, tree, hf_value, x->v, off + 4, n, WL_ENC_BIG);
  return 4 + n;
}

static guint32
add_mpint (Ctx *x, WlNode *tree, guint32 off, int hf_value)
{
  return add_string (x, tree, off, hf_value, hf_mpint_length);
}

/* tshark keeps a key exchange's public values (e, f, Q_C, Q_S) of at most 1024 bytes; a longer
 * one gets a text item "Invalid key length: N" with an error, before the value's fields. */
static void
check_key_length (Ctx *x, WlNode *tree, guint32 off)
{
  if (!wl_view_has (x->v, off, 4))
    return;
  guint32 len = wl_view_ntohl (x->v, off);
  if (len <= 1024)
    return;
  WlNode *t = wl_add_text (x->p, tree, x->v, off, 2, "Invalid key length: %u", len);
  wl_add_expert (x->p, t ? t : tree, ei_key_length, x->v, off, 2, "Error", "Protocol",
                 "Invalid key length: %u", len);
}

static guint32
add_host_key (Ctx *x, WlNode *parent, guint32 off)
{
  WlPacket *p = x->p;
  if (!need (x, off, 8))
    return 0;
  guint32 key_len = wl_view_ntohl (x->v, off);
  guint32 type_len = wl_view_ntohl (x->v, off + 4);
  if (!need (x, (guint64) off + 8, type_len))
    return 0;
  char *type = wl_arena_strndup (p->arena, (const char *) x->v->data + off + 8, type_len);
  WlNode *t = wl_add_text (p, parent, x->v, off, key_len + 4, "KEX host key (type: %s)", type);
  wl_add_item (p, t, hf_host_key_length, x->v, off, 4, WL_ENC_BIG);
  if (!need (x, (guint64) off + 4, key_len))
    return 0;
  wl_add_item (p, t, hf_host_key_type_length, x->v, off + 4, 4, WL_ENC_BIG);
  wl_add_item (p, t, hf_host_key_type, x->v, off + 8, type_len, WL_ENC_BIG);
  guint32 q = off + 8 + type_len, n;
  if (strcmp (type, "ssh-rsa") == 0)
    {
      if ((n = add_mpint (x, t, q, hf_host_key_rsa_e)) == 0 || add_mpint (x, t, q + n, hf_host_key_rsa_n) == 0)
        return 0;
    }
  else if (strcmp (type, "ssh-dss") == 0)
    {
      int hfs[4] = { hf_host_key_dsa_p, hf_host_key_dsa_q, hf_host_key_dsa_g, hf_host_key_dsa_y };
      for (int i = 0; i < 4; i++)
        {
          if ((n = add_mpint (x, t, q, hfs[i])) == 0)
            return 0;
          q += n;
        }
    }
  else if (g_str_has_prefix (type, "ecdsa-sha2-"))
    {
      if ((n = add_string (x, t, q, hf_host_key_ecdsa_id, hf_host_key_ecdsa_id_length)) == 0 ||
          add_string (x, t, q + n, hf_host_key_ecdsa_q, hf_host_key_ecdsa_q_length) == 0)
        return 0;
    }
  else if (g_str_has_prefix (type, "ssh-ed"))
    {
      if (add_string (x, t, q, hf_host_key_eddsa_key, hf_host_key_eddsa_key_length) == 0)
        return 0;
    }
  else if (key_len > type_len + 4)
    wl_add_item (p, t, hf_host_key_data, x->v, q, key_len - type_len - 4, WL_ENC_BIG);
  return 4 + key_len;
}

static guint32
add_host_signature (Ctx *x, WlNode *parent, guint32 off)
{
  WlPacket *p = x->p;
  if (!need (x, off, 8))
    return 0;
  guint32 sig_len = wl_view_ntohl (x->v, off);
  guint32 type_len = wl_view_ntohl (x->v, off + 4);
  if (!need (x, (guint64) off + 8, type_len))
    return 0;
  char *type = wl_arena_strndup (p->arena, (const char *) x->v->data + off + 8, type_len);
  WlNode *t = wl_add_text (p, parent, x->v, off, sig_len + 4, "KEX host signature (type: %s)", type);
  WlNode *ln = wl_add_item (p, t, hf_host_sig_length, x->v, off, 4, WL_ENC_BIG);
  wl_add_item (p, t, hf_host_sig_type_length, x->v, off + 4, 4, WL_ENC_BIG);
  wl_add_item (p, t, hf_host_sig_type, x->v, off + 8, type_len, WL_ENC_BIG);
  guint32 q = off + 8 + type_len;
  guint64 decoded = 8 + (guint64) type_len;
  /* tshark 4.0 decodes no signature data but RSA's and DSA's */
  if ((strcmp (type, "ssh-rsa") == 0 || strcmp (type, "ssh-dss") == 0) && sig_len > type_len + 4 &&
      wl_view_has (x->v, q, sig_len - type_len - 4))
    {
      wl_add_item (p, t, hf_host_sig_data, x->v, q, sig_len - type_len - 4, WL_ENC_BIG);
      decoded = 4 + (guint64) sig_len;
    }
  /* an rsa-sha2-* signature's data is shown but not counted as decoded */
  else if (g_str_has_prefix (type, "rsa-sha2-") && sig_len > type_len + 4 &&
           wl_view_has (x->v, q, sig_len - type_len - 4))
    wl_add_item (p, t, hf_host_sig_data, x->v, q, sig_len - type_len - 4, WL_ENC_BIG);
  /* and says so when what it decoded is not the whole signature (its message's typo kept) */
  if (decoded != 4 + (guint64) sig_len)
    wl_add_expert (p, ln ? ln : t, ei_packet_decode, x->v, off, 4, "Warning", "Protocol",
                   "Decoded %d bytes, but packet legnth is %d bytes", (int) decoded, (int) sig_len);
  return 4 + sig_len;
}

/* The first algorithm of the client's list that the server's list holds. */
static char *
negotiate (const char *client, const char *server)
{
  if (!client || !server || !client[0] || !server[0])
    return NULL;
  /* name-lists are compared in place: one per key exchange, each of a few dozen names */
  for (const char *c = client;;)
    {
      const char *ce = strchr (c, ',');
      gsize cn = ce ? (gsize) (ce - c) : strlen (c);
      for (const char *s = server;;)
        {
          const char *se = strchr (s, ',');
          gsize sn = se ? (gsize) (se - s) : strlen (s);
          if (sn == cn && memcmp (c, s, cn) == 0)
            return g_strndup (c, cn);
          if (!se)
            break;
          s = se + 1;
        }
      if (!ce)
        return NULL;
      c = ce + 1;
    }
}

static guint
mac_length_of (const char *mac)
{
  static const struct { const char *prefix; guint len; } macs[] = {
    { "hmac-sha2-512", 64 }, { "hmac-sha2-256", 32 }, { "hmac-sha1-96", 12 }, { "hmac-md5-96", 12 },
    { "hmac-sha1", 20 }, { "hmac-md5", 16 }, { "hmac-ripemd160", 20 }, { "umac-64", 8 },
    { "umac-128", 16 },
  };
  if (!mac)
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (macs); i++)
    if (g_str_has_prefix (mac, macs[i].prefix))
      return macs[i].len;
  return 0;
}

/* Once both KEXINITs are known: the method and each direction's algorithms. */
static void
negotiate_all (WlPacket *p, SshConv *c)
{
  SshPeer *cl = &c->peer[0], *sv = &c->peer[1];
  if (!cl->algos || !sv->algos || !cl->algos[A_KEX] || !sv->algos[A_KEX] || c->kex)
    return;
  c->kex = intern_name (p, negotiate (cl->algos[A_KEX], sv->algos[A_KEX]));
  c->kex_kind = KEX_DH;
  const char *kex = name_at (p, c->kex);
  if (kex)
    {
      if (strcmp (kex, "diffie-hellman-group-exchange-sha1") == 0 ||
          strcmp (kex, "diffie-hellman-group-exchange-sha256") == 0)
        c->kex_kind = KEX_DH_GEX;
      else if (g_str_has_prefix (kex, "ecdh-sha2-") || strcmp (kex, "curve25519-sha256@libssh.org") == 0 ||
               strcmp (kex, "curve25519-sha256") == 0 || strcmp (kex, "curve448-sha512") == 0)
        c->kex_kind = KEX_ECDH;
    }
  for (int i = A_ENC_C2S; i <= A_COMP_S2C; i++)
    c->neg[i] = intern_name (p, negotiate (cl->algos[i], sv->algos[i]));
}

/* What the key exchange reply makes known: each direction's cipher, MAC and compression. */
static void
keys_ready (const WlPacket *p, SshConv *c)
{
  if (c->keys_ready)
    return;
  c->keys_ready = TRUE;
  for (int d = 0; d < 2; d++)
    {
      SshPeer *pe = &c->peer[d];
      pe->enc = c->neg[A_ENC_C2S + d];
      pe->comp = c->neg[A_COMP_C2S + d];
      const char *enc = name_at (p, pe->enc);
      pe->aead = enc && (strcmp (enc, "chacha20-poly1305@openssh.com") == 0 ||
                         strcmp (enc, "aes128-gcm@openssh.com") == 0 ||
                         strcmp (enc, "aes256-gcm@openssh.com") == 0);
      pe->decryptable = pe->aead || (enc && g_str_has_prefix (enc, "aes") &&
                                     (g_str_has_suffix (enc, "-ctr") || g_str_has_suffix (enc, "-cbc")));
      pe->mac = pe->aead ? 0 : c->neg[A_MAC_C2S + d];
      pe->mac_length = pe->aead ? 0 : (guint8) mac_length_of (name_at (p, pe->mac));
    }
}

static void
add_hassh (Ctx *x, WlNode *tree, guint32 off, char **lists)
{
  WlPacket *p = x->p;
  int hf_algos = x->is_server ? hf_hasshserver_algorithms : hf_hassh_algorithms;
  int hf_hash = x->is_server ? hf_hasshserver : hf_hassh;
  if (!wl_wants (p, hf_algos) && !wl_wants (p, hf_hash))
    return;
  int d = x->is_server;
  char *s = wl_arena_printf (p->arena, "%s;%s;%s;%s", lists[A_KEX] ? lists[A_KEX] : "",
                             lists[A_ENC_C2S + d] ? lists[A_ENC_C2S + d] : "",
                             lists[A_MAC_C2S + d] ? lists[A_MAC_C2S + d] : "",
                             lists[A_COMP_C2S + d] ? lists[A_COMP_C2S + d] : "");
  wl_node_set_generated (wl_add_string_value (p, tree, hf_algos, x->v, off, 0, s, -1));
  char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, s, -1);
  wl_node_set_generated (wl_add_string_value (p, tree, hf_hash, x->v, off, 0, wl_arena_strndup (p->arena, md5, strlen (md5)), -1));
  g_free (md5);
}

/* KEXINIT: cookie, ten name-lists, first_kex_packet_follows, reserved. */
static guint32
dissect_kexinit (Ctx *x, WlNode *tree, guint32 off)
{
  WlPacket *p = x->p;
  WlNode *alg = wl_add_text (p, tree, x->v, off, 0, "Algorithms");
  if (!need (x, off, 16))
    return off;
  wl_add_item (p, alg, hf_cookie, x->v, off, 16, WL_ENC_BIG);
  guint32 q = off + 16;
  char *lists[10] = { 0 };
  for (int i = 0; i < 10; i++)
    {
      if (!need (x, q, 4))
        return q;
      guint32 n = wl_view_ntohl (x->v, q);
      wl_add_item (p, alg, hf_algo_len[i], x->v, q, 4, WL_ENC_BIG);
      if (!need (x, (guint64) q + 4, n))
        return q;
      WlNode *s = wl_add_item (p, alg, hf_algo[i], x->v, q + 4, n, WL_ENC_BIG);
      (void) s;
      lists[i] = wl_arena_strndup (p->arena, (const char *) x->v->data + q + 4, n);
      q += 4 + n;
    }
  if (!need (x, q, 5))
    return q;
  wl_add_item (p, alg, hf_first_kex_follows, x->v, q, 1, WL_ENC_BIG);
  wl_add_item (p, alg, hf_kex_reserved, x->v, q + 1, 4, WL_ENC_BIG);
  add_hassh (x, alg, q + 5, lists);
  wl_node_set_len (alg, q + 5 - off);
  if (!p->visited && !x->peer->kexinit_seen)
    {
      x->peer->kexinit_seen = TRUE;
      free_algos (x->peer);
      x->peer->algos = g_new0 (char *, 10);
      for (int i = 0; i < 10; i++)
        x->peer->algos[i] = g_strdup (lists[i]);
      gboolean known = x->c->kex != 0;
      negotiate_all (p, x->c);
      if (x->c->kex)
        /* negotiated: the name-lists are not read again (a session keeps its first
         * KEXINITs' for its whole life otherwise: a few hundred bytes per SSH connection) */
        for (int d = 0; d < 2; d++)
          free_algos (&x->c->peer[d]);
      if (!known && x->c->kex)
        {
          x->c->kex_frame = p->number;
          x->c->kex_offset = x->v->base + off;
        }
    }
  return q + 5;
}

/* Messages 30 to 39, which depend on the key exchange method. */
static guint32
dissect_kex_specific (Ctx *x, WlNode *tree, guint32 off, guint8 code)
{
  WlPacket *p = x->p;
  const WlValueString *names = x->c->kex_kind == KEX_DH_GEX ? gex_names
                             : x->c->kex_kind == KEX_ECDH ? ecdh_names : dh_names;
  WlNode *mc = wl_add_item (p, tree, hf_message_code, x->v, off, 1, WL_ENC_BIG);
  const char *name = wl_value_string (names, code);
  wl_node_set_label (p, mc, "Message Code: %s (%u)", name ? name : "Unknown", code);
  if (name)
    info_append (x, name);
  else
    {
      char *u = wl_arena_printf (p->arena, "Unknown (%u)", code);
      info_append (x, u);
    }
  guint32 q = off + 1, n;
  switch (x->c->kex_kind)
    {
    case KEX_DH_GEX:
      switch (code)
        {
        case 30:
          if (need (x, q, 4))
            wl_add_item (p, tree, hf_gex_nbits, x->v, q, 4, WL_ENC_BIG);
          return q + 4;
        case 31:
          if ((n = add_mpint (x, tree, q, hf_gex_p)) == 0)
            return q;
          q += n;
          if ((n = add_mpint (x, tree, q, hf_gex_g)) == 0)
            return q;
          number_kex_message (x, 1, SEQ_GEX_GROUP, TRUE);
          return q + n;
        case 32:
          check_key_length (x, tree, q);
          if ((n = add_mpint (x, tree, q, hf_dh_e)) == 0)
            return q;
          number_kex_message (x, 0, SEQ_GEX_INIT, TRUE);
          return q + n;
        case 33:
          break; /* the reply, below */
        case 34:
          if (need (x, q, 12))
            {
              wl_add_item (p, tree, hf_gex_min, x->v, q, 4, WL_ENC_BIG);
              wl_add_item (p, tree, hf_gex_nbits, x->v, q + 4, 4, WL_ENC_BIG);
              wl_add_item (p, tree, hf_gex_max, x->v, q + 8, 4, WL_ENC_BIG);
              number_kex_message (x, 0, SEQ_GEX_REQUEST, TRUE);
            }
          return q + 12;
        default:
          return q;
        }
      break;
    case KEX_ECDH:
      if (code == 30)
        {
          check_key_length (x, tree, q);
          /* numbered before its key is read */
          if (!x->failed)
            number_kex_message (x, 0, SEQ_ECDH_INIT, FALSE);
          if ((n = add_string (x, tree, q, hf_ecdh_q_c, hf_ecdh_q_c_length)) == 0)
            return q;
          return q + n;
        }
      if (code != 31)
        return q;
      break;
    default:
      if (code == 30)
        {
          check_key_length (x, tree, q);
          if ((n = add_mpint (x, tree, q, hf_dh_e)) == 0)
            return q;
          number_kex_message (x, 0, SEQ_DH_INIT, TRUE);
          return q + n;
        }
      if (code != 31)
        return q;
      break;
    }
  /* The reply: host key, the server's public value, the signature. */
  if ((n = add_host_key (x, tree, q)) == 0)
    return q;
  q += n;
  check_key_length (x, tree, q);
  if (x->c->kex_kind == KEX_ECDH)
    n = add_string (x, tree, q, hf_ecdh_q_s, hf_ecdh_q_s_length);
  else
    n = add_mpint (x, tree, q, hf_dh_f);
  if (n == 0)
    return q;
  q += n;
  /* numbered before its signature is read */
  if (x->c->kex_kind == KEX_ECDH)
    number_kex_message (x, 1, SEQ_ECDH_REPLY, FALSE);
  if ((n = add_host_signature (x, tree, q)) == 0)
    return q;
  if (x->c->kex_kind != KEX_ECDH)
    number_kex_message (x, 1, x->c->kex_kind == KEX_DH_GEX ? SEQ_GEX_REPLY : SEQ_DH_REPLY, TRUE);
  if (!p->visited && !x->c->keys_ready)
    {
      x->c->keys_frame = p->number;
      x->c->keys_offset = x->v->base + q;
    }
  if (!p->visited)
    keys_ready (p, x->c);
  return q + n;
}

/* The title of the packet at off: with the algorithms once the first pass knew them (a
 * revisit of a packet before the key exchange reply shows none, as the first visit did). */
static const char *
version2_title (const Ctx *x, guint32 off)
{
  WlPacket *p = x->p;
  const SshPeer *pe = x->peer;
  gboolean known = !p->visited || p->number > x->c->keys_frame
                   || (p->number == x->c->keys_frame && x->v->base + off > x->c->keys_offset);
  const char *enc = name_at (p, pe->enc), *mac = name_at (p, pe->mac), *comp = name_at (p, pe->comp);
  if (!known || (!enc && !mac && !comp))
    return "SSH Version 2";
  GString *g = g_string_new ("SSH Version 2 (");
  if (enc)
    g_string_append_printf (g, "encryption:%s%s", enc, mac || comp ? " " : "");
  if (mac)
    g_string_append_printf (g, "mac:%s%s", mac, comp ? " " : "");
  if (comp)
    g_string_append_printf (g, "compression:%s", comp);
  g_string_append_c (g, ')');
  char *r = wl_arena_strndup (p->arena, g->str, g->len);
  g_string_free (g, TRUE);
  return r;
}

/* Whether the packet at off (of this frame's data) belongs to the key exchange. */
static gboolean
in_key_exchange (Ctx *x, guint32 off)
{
  const SshPeer *pe = x->peer;
  guint32 n = x->p->number;
  if (pe->key_start == 0)
    return TRUE;
  if (n < pe->key_start)
    return FALSE;
  return pe->key_end == 0 || n < pe->key_end || (n == pe->key_end && x->v->base + off <= pe->key_end_offset);
}

/* Packets after NEWKEYS: tshark 4.0 tries to decrypt chacha20-poly1305 and AES (and shows
 * nothing without the keys); the others it shows as an encrypted packet with its MAC. */
static guint32
dissect_encrypted (Ctx *x, WlNode *tree, guint32 off)
{
  WlPacket *p = x->p;
  guint32 len = wl_view_reported_remaining (x->v, off);
  if (x->peer->decryptable && x->c->keys_ready)
    return off + len;
  wl_col_append_sep_info (p, ", ", "Encrypted packet (len=%u)", len);
  if (p->full || wl_wants (p, hf_encrypted_packet))
    {
      guint32 enc_len = len;
      if (len > 4)
        {
          wl_add_item (p, tree, hf_packet_length_encrypted, x->v, off, 4, WL_ENC_BIG);
          enc_len -= 4;
        }
      guint mac = x->peer->mac_length;
      if (mac && enc_len >= mac)
        enc_len -= mac;
      WlView sub = wl_view_sub (x->v, off + 4, enc_len);
      wl_add_item (p, tree, hf_encrypted_packet, &sub, 0, sub.len, WL_ENC_BIG);
      if (mac && wl_view_has (x->v, off + 4 + enc_len, mac))
        wl_add_item (p, tree, hf_mac, x->v, off + 4 + enc_len, mac, WL_ENC_BIG);
    }
  return off + len;
}

static guint32 dissect_kex_body (Ctx *x, WlNode *tree, guint32 off, guint32 plen);

/* One binary packet of the key exchange. Returns the offset after it; *deseg when TCP must
 * bring more bytes first. */
static guint32
dissect_kex_packet (Ctx *x, WlNode *tree, guint32 off, gboolean *deseg)
{
  WlPacket *p = x->p;
  guint32 remain = wl_view_remaining (x->v, off);
  if (!need (x, off, 4))
    return off;
  guint32 plen = wl_view_ntohl (x->v, off);
  /* In 32 bits, as tshark 4.0 computes it: a length read from garbage (encrypted bytes taken
   * for a key exchange packet) of 2^31 or more asks for a PDU that ends "behind" this segment,
   * so that TCP hands the next segment to SSH afresh instead of adding it to the PDU. */
  if (p->can_desegment && plen + 4u > remain && x->v->len >= x->v->reported)
    {
      p->desegment_offset = off;
      p->desegment_len = plen + 4u - remain;
      *deseg = TRUE;
      return off;
    }
  WlNode *pl;
  if (plen >= SSH_MAX_PACKET_LEN)
    {
      pl = wl_add_uint (p, tree, hf_packet_length, x->v, off, 4, plen);
      wl_add_expert (p, pl ? pl : tree, ei_packet_length, x->v, off, 4, "Warning", "Protocol",
                     "Overly large number %d", (int) plen);
      plen = remain - 4;
    }
  else
    wl_add_item (p, tree, hf_packet_length, x->v, off, 4, WL_ENC_BIG);
  /* tshark copies the whole packet first (for the key exchange hash): a packet that is not
   * all there stops the dissection before its message code, after its padding length. */
  if ((guint64) off + plen + 4 > x->v->len && wl_view_has (x->v, off + 4, 1))
    wl_add_item (p, tree, hf_padding_length, x->v, off + 4, 1, WL_ENC_BIG);
  if (!need (x, off, (guint64) plen + 4))
    return off;
  return dissect_kex_body (x, tree, off, plen);
}

static guint32
dissect_kex_body (Ctx *x, WlNode *tree, guint32 off, guint32 plen)
{
  WlPacket *p = x->p;
  guint32 start = off;
  off += 4;
  if (!need (x, off, 1))
    return off;
  guint8 padding = wl_view_u8 (x->v, off);
  wl_add_item (p, tree, hf_padding_length, x->v, off, 1, WL_ENC_BIG);
  off++;
  WlNode *kt = NULL;
  /* A revisit names the method where the first pass knew it (after the second KEXINIT). */
  gboolean kex_known = x->c->kex && (!p->visited || p->number > x->c->kex_frame
                                     || (p->number == x->c->kex_frame && x->v->base + off > x->c->kex_offset));
  if (p->full)
    kt = kex_known ? wl_add_text (p, tree, x->v, off, 0, "Key Exchange (method:%s)", name_at (p, x->c->kex))
                   : wl_add_text (p, tree, x->v, off, 0, "Key Exchange");
  if (!need (x, off, 1))
    return off;
  guint8 code = wl_view_u8 (x->v, off);
  guint32 body_start = off;
  x->seq_num = 0;
  if (code >= 30 && code < 40)
    off = dissect_kex_specific (x, kt, off, code);
  else
    {
      wl_add_item (p, kt, hf_message_code, x->v, off, 1, WL_ENC_BIG);
      off++;
      const char *name = wl_value_string (msg_names, code);
      info_append (x, name ? name : wl_arena_printf (p->arena, "Unknown (%u)", code));
      if (code == 20)
        {
          off = dissect_kexinit (x, kt, off);
          if (!x->failed && (x->peer->key_start == 0 || x->peer->key_start == p->number))
            {
              if (!p->visited)
                x->peer->key_start = p->number;
              number_kex_message (x, x->is_server, SEQ_KEXINIT, FALSE);
            }
          else
            x->seq_num = x->peer->seq_of[SEQ_KEXINIT];
        }
      else if (code == 21)
        {
          if (!p->visited && x->peer->key_end == 0)
            {
              x->peer->key_end = p->number;
              x->peer->key_end_offset = x->v->base + start;
              number_kex_message (x, x->is_server, SEQ_NEWKEYS, FALSE);
            }
          x->seq_num = x->peer->seq_of[SEQ_NEWKEYS];
        }
    }
  if (x->failed)
    return off;
  wl_node_set_len (kt, off - body_start);
  gint64 len = (gint64) plen + 4 - padding - (off - start);
  /* tshark computes this length unsigned: a padding length larger than the packet asks for a
   * huge payload, which fails. */
  guint32 ulen = (guint32) len;
  if (ulen > 0)
    {
      if (!need (x, off, ulen))
        return off;
      wl_add_item (p, kt, hf_payload, x->v, off, ulen, WL_ENC_BIG);
    }
  off += ulen;
  if (!need (x, off, padding))
    return off;
  wl_add_item (p, tree, hf_padding_string, x->v, off, padding, WL_ENC_BIG);
  off += padding;
  wl_add_uint (p, tree, hf_seq_num, x->v, off, 0, x->seq_num);
  return off;
}

/* The version banner "SSH-2.0-...". */
static guint32
dissect_banner (Ctx *x, WlNode *tree, guint32 off, guint *version, gboolean *deseg)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  if (!x->is_server)
    {
      if ((wl_view_has (v, off, 6) && g_ascii_strncasecmp ((const char *) v->data + off, "SSH-2.", 6) == 0)
          || (wl_view_has (v, off, 9) && g_ascii_strncasecmp ((const char *) v->data + off, "SSH-1.99-", 9) == 0))
        *version = VERSION_2;
      else if (wl_view_has (v, off, 6) && g_ascii_strncasecmp ((const char *) v->data + off, "SSH-1.", 6) == 0)
        *version = VERSION_1;
    }
  gint64 nl = wl_view_find_u8 (v, off, G_MAXUINT32, '\n');
  if (nl < 0 && p->can_desegment && v->len >= v->reported)
    {
      p->desegment_offset = off;
      p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
      *deseg = TRUE;
      return off;
    }
  guint32 linelen, protolen;
  if (nl < 0)
    linelen = protolen = wl_view_remaining (v, off);
  else
    {
      linelen = (guint32) nl - off + 1;
      protolen = linelen > 1 && v->data[off + linelen - 2] == '\r' ? linelen - 2 : linelen - 1;
    }
  if (wl_cols (p))
    {
      GString *g = g_string_new (NULL);
      for (guint32 i = 0; i < protolen; i++)
        {
          guint8 ch = v->data[off + i];
          if (ch >= 0x20 && ch < 0x7f)
            g_string_append_c (g, (char) ch);
          else
            g_string_append_printf (g, "\\%03o", ch);
        }
      wl_col_append_sep_info (p, ", ", "Protocol (%s)", g->str);
      g_string_free (g, TRUE);
    }
  wl_add_item (p, tree, hf_protocol, v, off, protolen, WL_ENC_BIG);
  return off + linelen;
}

/* The version a frame's first visit began with: the last change in an earlier frame. */
static guint
version_seen (WlPacket *p, SshConv *c)
{
  if (c->version_per_frame)
    {
      /* first visit: noted for this frame unless an earlier layer of it did */
      if (!p->visited && !wl_frame_data_get (p, proto_ssh, 0))
        wl_frame_data_set (p, proto_ssh, 0, GUINT_TO_POINTER (c->version + 1));
      guint v = GPOINTER_TO_UINT (wl_frame_data_get (p, proto_ssh, 0));
      if (v)
        return v - 1;
    }
  guint version = VERSION_UNKNOWN;
  for (guint i = 0; i < c->n_version_changes && c->version_frame[i] < p->number; i++)
    version = c->version_value[i];
  return version;
}

/* The first pass: the conversation's version is now version (a banner in this frame). */
static void
set_version (WlPacket *p, SshConv *c, guint version)
{
  guint n = c->n_version_changes;
  if (version == c->version && !c->version_per_frame)
    return;
  c->version = version;
  if (c->version_per_frame)
    return;
  if (n > 0 && c->version_frame[n - 1] == p->number)
    c->version_value[n - 1] = (guint8) version;
  else if (n < G_N_ELEMENTS (c->version_frame))
    {
      c->version_frame[n] = p->number;
      c->version_value[n] = (guint8) version;
      c->n_version_changes++;
    }
  else
    {
      /* a third change: from here on each frame notes its own (a frame before this one
       * is still answered by the changes kept) */
      c->version_per_frame = TRUE;
      wl_frame_data_set (p, proto_ssh, 0, GUINT_TO_POINTER (c->version_value[n - 1] + 1));
    }
}

static guint32
dissect_ssh (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  SshConv *c = ssh_conv (p);
  int is_server = p->dst_port != SSH_PORT;
  Ctx x = { p, v, c, &c->peer[is_server], is_server, FALSE, TRUE };

  /* The version known when this frame was first seen decides the Protocol column. */
  guint version = version_seen (p, c);
  wl_col_set_protocol (p, version == VERSION_2 ? "SSHv2" : version == VERSION_1 ? "SSHv1" : "SSH");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_ssh, v, 0, G_MAXUINT32);

  guint32 off = 0;
  gboolean deseg = FALSE;
  while (off < v->reported && !x.failed)
    {
      SshPeer *pe = x.peer;
      guint32 last = off;
      gboolean after_start = pe->version_start == 0 || p->number >= pe->version_start;
      gboolean before_end = pe->version_end == 0 || p->number <= pe->version_end;
      if (after_start && before_end && wl_view_has (v, off, 4) &&
          g_ascii_strncasecmp ((const char *) v->data + off, "SSH-", 4) == 0)
        {
          if (!p->visited && pe->version_start == 0)
            pe->version_start = p->number;
          guint new_version = version;
          off = dissect_banner (&x, top, off, &new_version, &deseg);
          if (!deseg && !p->visited)
            {
              pe->version_end = p->number;
              set_version (p, c, new_version);
            }
          version = new_version;
        }
      else if (version == VERSION_2)
        {
          /* Packets, each under an "SSH Version 2" subtree. */
          /* Like tshark, only the captured bytes: a packet cut by the snap length ends here. */
          while (off < v->len && !x.failed && !deseg)
            {
              guint32 sub_start = off;
              WlNode *t2 = wl_add_text (p, top, v, off, 0, "%s", version2_title (&x, off));
              if (in_key_exchange (&x, off))
                off = dissect_kex_packet (&x, t2, off, &deseg);
              else
                off = dissect_encrypted (&x, t2, off);
              wl_node_set_len (t2, off - sub_start);
              if (off <= sub_start)
                break;
            }
        }
      else
        off = dissect_encrypted (&x, top, off);
      if (deseg || x.failed || off <= last)
        break;
    }
  if (deseg || x.failed)
    return MAX (v->len, 1u);
  wl_col_prepend_info (p, "%s: ", is_server ? "Server" : "Client");
  wl_node_set_generated (wl_add_uint (p, top, hf_direction, v, 0, 0, is_server));
  return MAX (v->len, 1u);
}

static WlFieldReg fields[] = {
  { &hf_protocol, { "Protocol", "ssh.protocol", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_packet_length, { "Packet Length", "ssh.packet_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_packet_length_encrypted, { "Packet Length (encrypted)", "ssh.packet_length_encrypted", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_padding_length, { "Padding Length", "ssh.padding_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_payload, { "Payload", "ssh.payload", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_encrypted_packet, { "Encrypted Packet", "ssh.encrypted_packet", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_padding_string, { "Padding String", "ssh.padding_string", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_seq_num, { "Sequence number", "ssh.seq_num", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mac, { "MAC", "ssh.mac", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_direction, { "Direction", "ssh.direction", WL_FT_BOOLEAN, 0, &tfs_direction } },
  { &hf_message_code, { "Message Code", "ssh.message_code", WL_FT_UINT8, WL_BASE_DEC, all_msg_names } },
  { &hf_cookie, { "Cookie", "ssh.cookie", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_first_kex_follows, { "First KEX Packet Follows", "ssh.first_kex_packet_follows", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_kex_reserved, { "Reserved", "ssh.kex.reserved", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_hassh_algorithms, { "hasshAlgorithms", "ssh.kex.hassh_algorithms", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_hassh, { "hassh", "ssh.kex.hassh", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_hasshserver_algorithms, { "hasshServerAlgorithms", "ssh.kex.hasshserver_algorithms", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_hasshserver, { "hasshServer", "ssh.kex.hasshserver", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_host_key_length, { "Host key length", "ssh.host_key.length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_key_type_length, { "Host key type length", "ssh.host_key.type_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_key_type, { "Host key type", "ssh.host_key.type", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_host_key_data, { "Host key data", "ssh.host_key.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_rsa_n, { "RSA modulus (N)", "ssh.host_key.rsa.n", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_rsa_e, { "RSA public exponent (e)", "ssh.host_key.rsa.e", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_dsa_p, { "DSA prime modulus (p)", "ssh.host_key.dsa.p", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_dsa_q, { "DSA prime divisor (q)", "ssh.host_key.dsa.q", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_dsa_g, { "DSA subgroup generator (g)", "ssh.host_key.dsa.g", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_dsa_y, { "DSA public key (y)", "ssh.host_key.dsa.y", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_ecdsa_id, { "ECDSA elliptic curve identifier", "ssh.host_key.ecdsa.id", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_host_key_ecdsa_id_length, { "ECDSA elliptic curve identifier length", "ssh.host_key.ecdsa.id_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_key_ecdsa_q, { "ECDSA public key (Q)", "ssh.host_key.ecdsa.q", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_ecdsa_q_length, { "ECDSA public key length", "ssh.host_key.ecdsa.q_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_key_eddsa_key, { "EdDSA public key", "ssh.host_key.eddsa.key", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_host_key_eddsa_key_length, { "EdDSA public key length", "ssh.host_key.eddsa.key_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_sig_length, { "Host signature length", "ssh.host_sig.length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_sig_type_length, { "Host signature type length", "ssh.host_sig.type_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_host_sig_type, { "Host signature type", "ssh.host_sig.type", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_host_sig_data, { "Host signature data", "ssh.host_sig.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_dh_e, { "DH client e", "ssh.dh.e", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_dh_f, { "DH server f", "ssh.dh.f", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_gex_min, { "DH GEX Min", "ssh.dh_gex.min", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_gex_nbits, { "DH GEX Number of Bits", "ssh.dh_gex.nbits", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_gex_max, { "DH GEX Max", "ssh.dh_gex.max", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_gex_p, { "DH GEX modulus (P)", "ssh.dh_gex.p", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_gex_g, { "DH GEX base (G)", "ssh.dh_gex.g", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_ecdh_q_c, { "ECDH client's ephemeral public key (Q_C)", "ssh.ecdh.q_c", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_ecdh_q_c_length, { "ECDH client's ephemeral public key length", "ssh.ecdh.q_c_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_ecdh_q_s, { "ECDH server's ephemeral public key (Q_S)", "ssh.ecdh.q_s", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_ecdh_q_s_length, { "ECDH server's ephemeral public key length", "ssh.ecdh.q_s_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mpint_length, { "Multi Precision Integer Length", "ssh.mpint_length", WL_FT_UINT32, WL_BASE_DEC } },
  { &ei_packet_length, { "Overly large number", "ssh.packet_length.error", WL_FT_NONE } },
  { &ei_packet_decode, { "Packet decoded length not equal to packet length", "ssh.packet_decode.error", WL_FT_NONE } },
  { &ei_key_length, { "Invalid key length", "ssh.key_length.error", WL_FT_NONE } },
};

void
wl_register_ssh (void)
{
  gsize n = 0;
  for (gsize i = 0; msg_names[i].name; i++)
    all_msg_names[n++] = msg_names[i];
  for (gsize i = 0; gex_names[i].name; i++)
    all_msg_names[n++] = gex_names[i];
  all_msg_names[n] = (WlValueString) { 0, NULL };

  proto_ssh = wl_proto_register ("SSH Protocol", "SSH", "ssh");
  wl_fields_register (proto_ssh, fields, G_N_ELEMENTS (fields));
  static WlFieldReg algo_regs[20];
  for (gsize i = 0; i < 10; i++)
    {
      algo_regs[2 * i] = (WlFieldReg) { &hf_algo_len[i], { g_strdup_printf ("%s length", algo_names[i]),
                                                           g_strdup_printf ("ssh.%s_length", algo_names[i]),
                                                           WL_FT_UINT32, WL_BASE_DEC } };
      algo_regs[2 * i + 1] = (WlFieldReg) { &hf_algo[i], { g_strdup_printf ("%s string", algo_names[i]),
                                                           g_strdup_printf ("ssh.%s", algo_names[i]),
                                                           WL_FT_STRING, WL_BASE_NONE } };
    }
  wl_fields_register (proto_ssh, algo_regs, G_N_ELEMENTS (algo_regs));
}

void
wl_handoff_ssh (void)
{
  WlDissector *d = wl_dissector_register ("ssh", dissect_ssh, proto_ssh);
  wl_table_add (wl_table_find ("tcp.port"), SSH_PORT, d);
}
