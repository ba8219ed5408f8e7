/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS (and SSLv3) over TCP: the record layer, the handshake messages (Client/Server Hello with
 * their extensions, Certificate, Certificate Request, Certificate Status...), Change Cipher
 * Spec, alerts and application data, records spread over segments through the TCP desegment
 * contract, and the Protocol/Info columns as tshark 4.0 writes them. Certificates get a small
 * DER walk that records the X.509 layers tshark lists in frame.protocols (x509sat, x509ce...). */
#include <string.h>
#include "dissect.h"
#include "session.h"
#include "tls-names.h"

#define TLS_MAX_RECORD_LENGTH 0x4000

static int proto_tls = -1;
static int hf_record = -1, hf_content_type = -1, hf_record_version = -1, hf_record_length = -1,
  hf_opaque_type = -1, hf_app_data = -1, hf_change_cipher_spec = -1, hf_alert = -1,
  hf_alert_level = -1, hf_alert_desc = -1, hf_handshake = -1, hf_hs_type = -1,
  hf_hs_length = -1, hf_hs_version = -1, hf_random = -1, hf_random_time = -1,
  hf_random_bytes = -1, hf_session_id_length = -1, hf_session_id = -1,
  hf_cipher_suites_length = -1, hf_cipher_suites = -1, hf_cipher_suite = -1,
  hf_comp_methods_length = -1, hf_comp_methods = -1, hf_comp_method = -1,
  hf_extensions_length = -1, hf_ext_type = -1, hf_ext_len = -1, hf_ext_data = -1,
  hf_sni_list_len = -1, hf_sni_type = -1, hf_sni_len = -1, hf_sni = -1,
  hf_supported_versions_len = -1, hf_supported_version = -1, hf_groups_length = -1,
  hf_groups = -1, hf_group = -1, hf_ec_point_formats_length = -1, hf_ec_point_format = -1,
  hf_alpn_len = -1, hf_alpn_str_len = -1, hf_alpn_str = -1, hf_sig_hash_alg_len = -1,
  hf_sig_hash_alg = -1, hf_certificates_length = -1, hf_certificates = -1,
  hf_certificate_length = -1, hf_certificate = -1, hf_dnames_len = -1, hf_dname_len = -1,
  hf_ja3_full = -1, hf_ja3 = -1, hf_ja3s_full = -1, hf_ja3s = -1, hf_session_ticket_lifetime = -1,
  hf_session_ticket_length = -1, hf_session_ticket = -1, hf_server_curve_type = -1,
  hf_server_named_curve = -1, hf_server_point_len = -1, hf_server_point = -1, hf_sig_len = -1,
  hf_sig = -1, hf_sig_hash_hash = -1, hf_sig_hash_sig = -1, hf_reneg_info_len = -1,
  hf_reneg_info = -1, hf_key_share_client_length = -1, hf_key_share_group = -1,
  hf_key_share_kx_length = -1, hf_key_share_kx = -1, hf_key_share_selected_group = -1,
  hf_padding_data = -1, hf_status_request_type = -1, hf_status_request_responder_ids_len = -1,
  hf_status_request_exts_len = -1, hf_psk_ke_modes_length = -1, hf_psk_ke_mode = -1,
  hf_record_size_limit = -1, hf_ocsp_response_len = -1;

static const WlValueString content_type_names[] = {
  { 20, "Change Cipher Spec" }, { 21, "Alert" }, { 22, "Handshake" }, { 23, "Application Data" },
  { 24, "Heartbeat" }, { 25, "Connection ID" }, { 0, NULL }
};

static const WlValueString handshake_names[] = {
  { 0, "Hello Request" }, { 1, "Client Hello" }, { 2, "Server Hello" },
  { 3, "Hello Verify Request" }, { 4, "New Session Ticket" }, { 5, "End of Early Data" },
  { 6, "Hello Retry Request" }, { 8, "Encrypted Extensions" }, { 11, "Certificate" },
  { 12, "Server Key Exchange" }, { 13, "Certificate Request" }, { 14, "Server Hello Done" },
  { 15, "Certificate Verify" }, { 16, "Client Key Exchange" }, { 20, "Finished" },
  { 21, "Client Certificate URL" }, { 22, "Certificate Status" }, { 23, "Supplemental Data" },
  { 24, "Key Update" }, { 25, "Compressed Certificate" }, { 67, "Encrypted Extensions" },
  { 0, NULL }
};

static const WlValueString version_names[] = {
  { 0x0002, "SSL 2.0" }, { 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" }, { 0x0101, "GMTLS" },
  { 0x0302, "TLS 1.1" }, { 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
  { 0x0100, "DTLS 1.0 (OpenSSL pre 0.9.8f)" }, { 0xfeff, "DTLS 1.0" }, { 0xfefd, "DTLS 1.2" },
  { 0, NULL }
};

/* The Protocol column's names. */
static const WlValueString version_short_names[] = {
  { 0x0002, "SSLv2" }, { 0x0300, "SSLv3" }, { 0x0301, "TLSv1" }, { 0x0302, "TLSv1.1" },
  { 0x0303, "TLSv1.2" }, { 0x0304, "TLSv1.3" }, { 0x0101, "GMTLS" }, { 0xfeff, "DTLSv1.0" },
  { 0xfefd, "DTLSv1.2" }, { 0x0100, "DTLS 1.0 (OpenSSL pre 0.9.8f)" }, { 0, NULL }
};

static const WlValueString alert_level_names[] = { { 1, "Warning" }, { 2, "Fatal" }, { 0, NULL } };
static const WlValueString alert_desc_names[] = {
  { 0, "Close Notify" }, { 1, "End of Early Data" }, { 10, "Unexpected Message" },
  { 20, "Bad Record MAC" }, { 21, "Decryption Failed" }, { 22, "Record Overflow" },
  { 30, "Decompression Failure" }, { 40, "Handshake Failure" }, { 41, "No Certificate" },
  { 42, "Bad Certificate" }, { 43, "Unsupported Certificate" }, { 44, "Certificate Revoked" },
  { 45, "Certificate Expired" }, { 46, "Certificate Unknown" }, { 47, "Illegal Parameter" },
  { 48, "Unknown CA" }, { 49, "Access Denied" }, { 50, "Decode Error" }, { 51, "Decrypt Error" },
  { 60, "Export Restriction" }, { 70, "Protocol Version" }, { 71, "Insufficient Security" },
  { 80, "Internal Error" }, { 86, "Inappropriate Fallback" }, { 90, "User Canceled" },
  { 100, "No Renegotiation" }, { 109, "Missing Extension" }, { 110, "Unsupported Extension" },
  { 111, "Certificate Unobtainable" }, { 112, "Unrecognized Name" },
  { 113, "Bad Certificate Status Response" }, { 114, "Bad Certificate Hash Value" },
  { 115, "Unknown PSK Identity" }, { 116, "Certificate Required" },
  { 120, "No application Protocol" }, { 121, "ECH Required" }, { 0, NULL }
};

static const WlValueString sig_hash_names[] = {
  { 0, "None" }, { 1, "MD5" }, { 2, "SHA1" }, { 3, "SHA224" }, { 4, "SHA256" }, { 5, "SHA384" },
  { 6, "SHA512" }, { 0, NULL }
};
static const WlValueString sig_sig_names[] = {
  { 0, "Anonymous" }, { 1, "RSA" }, { 2, "DSA" }, { 3, "ECDSA" }, { 4, "SM2" }, { 0, NULL }
};
static const WlValueString sni_type_names[] = { { 0, "host_name" }, { 0, NULL } };
static const WlValueString cert_status_type_names[] = { { 1, "OCSP" }, { 2, "OCSP Multi" }, { 0, NULL } };
static const WlValueString psk_ke_mode_names[] = {
  { 0, "PSK-only key establishment (psk_ke)" }, { 1, "PSK with (EC)DHE key establishment (psk_dhe_ke)" },
  { 0, NULL }
};

static const WlValueString comp_names[] = { { 0, "null" }, { 1, "DEFLATE" }, { 64, "LZS" }, { 0, NULL } };
static const WlValueString ec_point_format_names[] = {
  { 0, "uncompressed" }, { 1, "ansiX962_compressed_prime" }, { 2, "ansiX962_compressed_char2" },
  { 0, NULL }
};

/* ---- Per-connection state (first pass) ---- */

typedef struct {
  guint16 version;        /* the session's version once a message made it known */
  guint32 heur_frame;     /* found by the heuristic from this frame on */
  guint32 client_port;
  guint32 ccs_frame[2];   /* Change Cipher Spec seen, per direction (0 client, 1 server) */
  guint32 ccs_offset[2];
} TlsConv;

typedef struct {
  GHashTable *convs; /* stream -> TlsConv* */
} TlsState;

static void
state_free (gpointer data)
{
  TlsState *st = data;
  g_hash_table_destroy (st->convs);
  g_free (st);
}

static TlsConv *
tls_conv (WlPacket *p, gboolean create)
{
  TlsState *st = wl_session_get_state (p->session, proto_tls);
  if (!st)
    {
      if (!create)
        return NULL;
      st = g_new0 (TlsState, 1);
      st->convs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
      wl_session_set_state (p->session, proto_tls, st, state_free);
    }
  TlsConv *c = g_hash_table_lookup (st->convs, GUINT_TO_POINTER (p->stream));
  if (!c && create)
    {
      c = g_new0 (TlsConv, 1);
      g_hash_table_insert (st->convs, GUINT_TO_POINTER (p->stream), c);
    }
  return c;
}

static gboolean
is_valid_version (guint16 v)
{
  return v == 0x0300 || v == 0x0301 || v == 0x0302 || v == 0x0303 || v == 0x0304 || v == 0x0101 ||
         (v >= 0x7f0e && v <= 0x7f1c) || v == 0xfb17 || v == 0xfb1a;
}

/* tshark's version of a draft number is TLS 1.3. */
static guint16
normalize_version (guint16 v)
{
  if ((v >= 0x7f0e && v <= 0x7f1c) || v == 0xfb17 || v == 0xfb1a)
    return 0x0304;
  return v;
}

static gboolean
is_valid_content_type (guint8 t)
{
  return t >= 20 && t <= 25;
}

static gboolean
is_valid_handshake_type (guint8 t)
{
  return wl_value_string (handshake_names, t) != NULL;
}

static const char *
version_short (guint16 v)
{
  const char *s = wl_value_string (version_short_names, v);
  return s ? s : "TLS";
}

/* ---- DER walk for the X.509 layers ---- */

typedef struct {
  guint8 tag;
  guint32 off;   /* of the contents */
  guint32 len;
  guint32 end;   /* after the contents */
} Tlv;

/* Reads the TLV at off that must end by end. */
static gboolean
der_read (const WlView *v, guint32 off, guint32 end, Tlv *t)
{
  if (off + 2 > end || !wl_view_has (v, off, 2))
    return FALSE;
  t->tag = wl_view_u8 (v, off);
  if ((t->tag & 0x1f) == 0x1f)
    return FALSE; /* long tags do not occur in certificates */
  guint8 l = wl_view_u8 (v, off + 1);
  guint32 hdr = 2, len;
  if (l < 0x80)
    len = l;
  else
    {
      guint n = l & 0x7f;
      if (n == 0 || n > 4 || !wl_view_has (v, off + 2, n))
        return FALSE;
      len = 0;
      for (guint i = 0; i < n; i++)
        len = (len << 8) | wl_view_u8 (v, off + 2 + i);
      hdr += n;
    }
  if ((guint64) off + hdr + len > end)
    return FALSE;
  t->off = off + hdr;
  t->len = len;
  t->end = t->off + len;
  return TRUE;
}

/* The dotted form of an OID's contents (arena). */
static char *
der_oid (WlPacket *p, const WlView *v, const Tlv *t)
{
  GString *g = g_string_new (NULL);
  guint64 x = 0;
  gboolean first = TRUE;
  for (guint32 i = t->off; i < t->end; i++)
    {
      guint8 b = wl_view_u8 (v, i);
      x = (x << 7) | (b & 0x7f);
      if (b & 0x80)
        continue;
      if (first)
        {
          guint a = x < 40 ? 0 : x < 80 ? 1 : 2;
          g_string_append_printf (g, "%u.%" G_GUINT64_FORMAT, a, x - 40 * (guint64) a);
          first = FALSE;
        }
      else
        g_string_append_printf (g, ".%" G_GUINT64_FORMAT, x);
      x = 0;
    }
  char *r = wl_arena_strndup (p->arena, g->str, g->len);
  g_string_free (g, TRUE);
  return r;
}

static void x509_name (WlPacket *p, const WlView *v, guint32 off, guint32 end);

/* The protocols whose layers the certificate walk records (registered here so that filters
 * such as "x509ce" know them). */
static int proto_x509sat = -1, proto_x509ce = -1, proto_pkix1explicit = -1,
  proto_pkix1implicit = -1, proto_ocsp = -1, proto_pkcs1 = -1, proto_ns_cert_exts = -1;

/* Records the layer of a protocol that dissects part of a certificate. tshark adds no item for
 * these protocols (so a filter "x509ce" matches nothing); OCSP's is added by ocsp_response. */
static void
x509_layer (WlPacket *p, const char *name)
{
  wl_packet_add_layer (p, name);
}

static const char *
attribute_layer (const char *oid)
{
  if (g_str_has_prefix (oid, "2.5.4.") || g_str_has_prefix (oid, "1.2.840.113549.1.9.") ||
      g_str_has_prefix (oid, "0.9.2342.19200300.100.1."))
    return "x509sat";
  return NULL;
}

/* The protocol that dissects the value of an extension OID. */
static const char *
extension_layer (const char *oid)
{
  if (g_str_has_prefix (oid, "2.5.29."))
    return "x509ce";
  if (strcmp (oid, "1.3.6.1.5.5.7.1.1") == 0 || strcmp (oid, "1.3.6.1.5.5.7.1.11") == 0)
    return "pkix1implicit";
  if (strcmp (oid, "1.3.6.1.4.1.11129.2.4.2") == 0)
    return "tls";
  if (g_str_has_prefix (oid, "2.16.840.1.113730.1."))
    return "ns_cert_exts";
  return NULL;
}

/* AlgorithmIdentifier: parameters with a dissector of their own add its layer. */
static void
x509_algorithm (WlPacket *p, const WlView *v, guint32 off, guint32 end)
{
  Tlv seq, oid, params;
  if (!der_read (v, off, end, &seq) || seq.tag != 0x30 || !der_read (v, seq.off, seq.end, &oid) || oid.tag != 0x06)
    return;
  if (oid.end >= seq.end || !der_read (v, oid.end, seq.end, &params) || params.tag == 0x05)
    return;
  const char *o = der_oid (p, v, &oid);
  if (strcmp (o, "1.2.840.10045.2.1") == 0)
    x509_layer (p, "pkcs-1");
  else if (strcmp (o, "1.2.840.113549.1.1.10") == 0 || strcmp (o, "1.2.840.113549.1.1.8") == 0)
    {
      x509_layer (p, "pkcs-1");
      if (strcmp (o, "1.2.840.113549.1.1.8") == 0)
        {
          /* MGF1's parameter is the hash's AlgorithmIdentifier */
          x509_algorithm (p, v, oid.end, params.end);
          return;
        }
      /* RSASSA-PSS-params: [0] hash, [1] mask generation, each an AlgorithmIdentifier */
      for (guint32 q = params.off; q < params.end;)
        {
          Tlv f;
          if (!der_read (v, q, params.end, &f))
            break;
          if (f.tag == 0xa0 || f.tag == 0xa1)
            x509_algorithm (p, v, f.off, f.end);
          q = f.end;
        }
    }
}

/* GeneralName: a directoryName holds a Name. */
static void
x509_general_names (WlPacket *p, const WlView *v, guint32 off, guint32 end)
{
  for (guint32 q = off; q < end;)
    {
      Tlv g;
      if (!der_read (v, q, end, &g))
        return;
      if (g.tag == 0xa4)
        x509_name (p, v, g.off, g.end);
      q = g.end;
    }
}

static void
x509_extension_value (WlPacket *p, const WlView *v, const char *oid, guint32 off, guint32 end)
{
  Tlv t;
  if (!der_read (v, off, end, &t))
    return;
  if (strcmp (oid, "2.5.29.17") == 0 || strcmp (oid, "2.5.29.18") == 0)
    {
      if (t.tag == 0x30)
        x509_general_names (p, v, t.off, t.end);
    }
  else if (strcmp (oid, "2.5.29.35") == 0)
    {
      /* AuthorityKeyIdentifier: [1] authorityCertIssuer */
      for (guint32 q = t.off; t.tag == 0x30 && q < t.end;)
        {
          Tlv f;
          if (!der_read (v, q, t.end, &f))
            break;
          if (f.tag == 0xa1)
            x509_general_names (p, v, f.off, f.end);
          q = f.end;
        }
    }
  else if (strcmp (oid, "2.5.29.32") == 0)
    {
      /* certificatePolicies: qualifiers are dissected by their OID */
      for (guint32 q = t.off; t.tag == 0x30 && q < t.end;)
        {
          Tlv pi, pid, quals;
          if (!der_read (v, q, t.end, &pi))
            break;
          q = pi.end;
          if (pi.tag != 0x30 || !der_read (v, pi.off, pi.end, &pid) || pid.end >= pi.end ||
              !der_read (v, pid.end, pi.end, &quals) || quals.tag != 0x30)
            continue;
          for (guint32 r = quals.off; r < quals.end;)
            {
              Tlv qi, qid;
              if (!der_read (v, r, quals.end, &qi))
                break;
              r = qi.end;
              if (qi.tag != 0x30 || !der_read (v, qi.off, qi.end, &qid) || qid.tag != 0x06)
                continue;
              const char *qo = der_oid (p, v, &qid);
              if (strcmp (qo, "1.3.6.1.5.5.7.2.1") == 0)
                x509_layer (p, "pkix1explicit");
              else if (strcmp (qo, "1.3.6.1.5.5.7.2.2") == 0)
                x509_layer (p, "pkix1implicit");
            }
        }
    }
  else if (strcmp (oid, "2.5.29.31") == 0)
    {
      /* cRLDistributionPoints: names in fullName and cRLIssuer */
      for (guint32 q = t.off; t.tag == 0x30 && q < t.end;)
        {
          Tlv dp;
          if (!der_read (v, q, t.end, &dp))
            break;
          q = dp.end;
          for (guint32 r = dp.off; dp.tag == 0x30 && r < dp.end;)
            {
              Tlv f;
              if (!der_read (v, r, dp.end, &f))
                break;
              r = f.end;
              if (f.tag == 0xa0)
                {
                  Tlv n;
                  if (der_read (v, f.off, f.end, &n) && n.tag == 0xa0)
                    x509_general_names (p, v, n.off, n.end);
                }
              else if (f.tag == 0xa2)
                x509_general_names (p, v, f.off, f.end);
            }
        }
    }
  else if (strcmp (oid, "1.3.6.1.5.5.7.1.1") == 0 || strcmp (oid, "1.3.6.1.5.5.7.1.11") == 0)
    {
      for (guint32 q = t.off; t.tag == 0x30 && q < t.end;)
        {
          Tlv ad, m;
          if (!der_read (v, q, t.end, &ad))
            break;
          q = ad.end;
          if (ad.tag == 0x30 && der_read (v, ad.off, ad.end, &m) && m.end < ad.end)
            x509_general_names (p, v, m.end, ad.end);
        }
    }
}

/* Signed certificate timestamps (RFC 6962): a TLS-encoded list inside an OCTET STRING. */
static void
sct_list (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 end)
{
  Tlv os;
  if (!der_read (v, off, end, &os) || os.tag != 0x04 || os.len < 2)
    return;
  guint32 stop = MIN (os.end, os.off + 2 + wl_view_ntohs (v, os.off));
  for (guint32 q = os.off + 2; q + 2 <= stop;)
    {
      guint16 len = wl_view_ntohs (v, q);
      guint32 s = q + 2, s_end = s + len;
      if (s_end > stop)
        return;
      /* version, log id, timestamp, extensions, then the signature's algorithm */
      guint32 a = s + 1 + 32 + 8;
      if (a + 2 <= s_end)
        {
          a += 2u + wl_view_ntohs (v, a);
          if (a + 2 <= s_end)
            {
              WlNode *alg = wl_add_item (p, parent, hf_sig_hash_alg, v, a, 2, WL_ENC_BIG);
              wl_add_item (p, alg, hf_sig_hash_hash, v, a, 1, WL_ENC_BIG);
              wl_add_item (p, alg, hf_sig_hash_sig, v, a + 1, 1, WL_ENC_BIG);
            }
        }
      q = s_end;
    }
}

static void
x509_extensions (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 end)
{
  Tlv seq;
  if (!der_read (v, off, end, &seq) || seq.tag != 0x30)
    return;
  for (guint32 q = seq.off; q < seq.end;)
    {
      Tlv ext, oid;
      if (!der_read (v, q, seq.end, &ext))
        return;
      q = ext.end;
      if (ext.tag != 0x30 || !der_read (v, ext.off, ext.end, &oid) || oid.tag != 0x06)
        continue;
      const char *o = der_oid (p, v, &oid);
      guint32 r = oid.end;
      Tlv f;
      while (r < ext.end && der_read (v, r, ext.end, &f) && f.tag != 0x04)
        r = f.end;
      if (r >= ext.end || !der_read (v, r, ext.end, &f) || f.tag != 0x04)
        continue;
      const char *layer = extension_layer (o);
      if (layer)
        {
          x509_layer (p, layer);
          x509_extension_value (p, v, o, f.off, f.end);
          if (strcmp (o, "1.3.6.1.4.1.11129.2.4.2") == 0)
            sct_list (p, parent, v, f.off, f.end);
        }
    }
}

/* Name: every attribute value is dissected by its type's protocol. */
static void
x509_name (WlPacket *p, const WlView *v, guint32 off, guint32 end)
{
  Tlv seq;
  if (!der_read (v, off, end, &seq) || seq.tag != 0x30)
    return;
  for (guint32 q = seq.off; q < seq.end;)
    {
      Tlv rdn;
      if (!der_read (v, q, seq.end, &rdn))
        return;
      q = rdn.end;
      for (guint32 r = rdn.off; rdn.tag == 0x31 && r < rdn.end;)
        {
          Tlv atv, oid;
          if (!der_read (v, r, rdn.end, &atv))
            break;
          r = atv.end;
          if (atv.tag != 0x30 || !der_read (v, atv.off, atv.end, &oid) || oid.tag != 0x06)
            continue;
          const char *layer = attribute_layer (der_oid (p, v, &oid));
          if (layer)
            x509_layer (p, layer);
        }
    }
}

/* A Certificate: the layers of its algorithms, names and extensions, in tshark's order; the
   items it adds (a timestamp's signature algorithm) go under parent, the certificate's item. */
static void
x509_certificate (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 end)
{
  Tlv cert, tbs;
  if (!der_read (v, off, end, &cert) || cert.tag != 0x30 || !der_read (v, cert.off, cert.end, &tbs) || tbs.tag != 0x30)
    return;
  guint32 q = tbs.off;
  Tlv f;
  int field = 0; /* 0 serial, 1 signature, 2 issuer, 3 validity, 4 subject, 5 spki, 6+ optional */
  while (q < tbs.end && der_read (v, q, tbs.end, &f))
    {
      if (f.tag == 0xa0 && field == 0)
        {
          q = f.end;
          continue;
        }
      switch (field)
        {
        case 1: x509_algorithm (p, v, q, f.end); break;
        case 2: /* issuer */
        case 4: /* subject */
          x509_name (p, v, q, f.end);
          break;
        case 5:
          {
            Tlv alg;
            if (der_read (v, f.off, f.end, &alg))
              x509_algorithm (p, v, f.off, alg.end);
            break;
          }
        default:
          if (f.tag == 0xa3)
            x509_extensions (p, parent, v, f.off, f.end);
          break;
        }
      field++;
      q = f.end;
    }
  if (der_read (v, tbs.end, cert.end, &f))
    x509_algorithm (p, v, tbs.end, f.end);
}

/* An OCSPResponse (Certificate Status). */
static void
ocsp_response (WlPacket *p, WlNode *parent, const WlView *v, guint32 off, guint32 end)
{
  Tlv resp, status, rb, seq, type, octets;
  if (!der_read (v, off, end, &resp) || resp.tag != 0x30 || !der_read (v, resp.off, resp.end, &status) ||
      !der_read (v, status.end, resp.end, &rb) || rb.tag != 0xa0 || !der_read (v, rb.off, rb.end, &seq) ||
      !der_read (v, seq.off, seq.end, &type) || type.tag != 0x06 || !der_read (v, type.end, seq.end, &octets))
    return;
  if (strcmp (der_oid (p, v, &type), "1.3.6.1.5.5.7.48.1.1") != 0)
    return;
  /* hidden, under the handshake message, where tshark's ocsp item is */
  if (proto_ocsp >= 0)
    wl_node_set_hidden (wl_add_proto (p, parent, proto_ocsp, v, octets.off, octets.end - octets.off));
  Tlv basic, tbs;
  if (!der_read (v, octets.off, octets.end, &basic) || basic.tag != 0x30 ||
      !der_read (v, basic.off, basic.end, &tbs) || tbs.tag != 0x30)
    return;
  for (guint32 q = tbs.off; q < tbs.end;)
    {
      Tlv f;
      if (!der_read (v, q, tbs.end, &f))
        break;
      if (f.tag == 0xa1 && q == tbs.off)
        x509_name (p, v, f.off, f.end);
      else if (f.tag == 0x30)
        {
          /* responses: each SingleResponse's certID hash algorithm */
          for (guint32 r = f.off; r < f.end;)
            {
              Tlv sr, cid, alg;
              if (!der_read (v, r, f.end, &sr))
                break;
              r = sr.end;
              if (der_read (v, sr.off, sr.end, &cid) && cid.tag == 0x30 && der_read (v, cid.off, cid.end, &alg))
                x509_algorithm (p, v, cid.off, alg.end);
            }
        }
      q = f.end;
    }
  Tlv alg, sig, certs;
  if (!der_read (v, tbs.end, basic.end, &alg))
    return;
  x509_algorithm (p, v, tbs.end, alg.end);
  if (!der_read (v, alg.end, basic.end, &sig) || !der_read (v, sig.end, basic.end, &certs) || certs.tag != 0xa0)
    return;
  Tlv list;
  if (!der_read (v, certs.off, certs.end, &list) || list.tag != 0x30)
    return;
  for (guint32 q = list.off; q < list.end;)
    {
      Tlv c;
      if (!der_read (v, q, list.end, &c))
        break;
      x509_certificate (p, parent, v, q, c.end);
      q = c.end;
    }
}

/* ---- Handshake messages ---- */

typedef struct {
  WlPacket *p;
  const WlView *v;
  TlsConv *conv;
  int from_server;
} Ctx;

static gboolean
is_grease (guint16 x)
{
  return (x & 0x0f0f) == 0x0a0a && (x >> 8) == (x & 0xff);
}

static void
ja3_append_list (GString *g, const WlView *v, guint32 off, guint32 len, guint width)
{
  gboolean first = TRUE;
  for (guint32 i = 0; i + width <= len; i += width)
    {
      guint x = width == 2 ? wl_view_ntohs (v, off + i) : wl_view_u8 (v, off + i);
      if (width == 2 && is_grease ((guint16) x))
        continue;
      g_string_append_printf (g, "%s%u", first ? "" : "-", x);
      first = FALSE;
    }
}

/* Whether tshark 4.0 dissects an extension type into fields of its own (instead of showing its
 * bytes as tls.handshake.extension.data). session_ticket (35) is not one: tshark shows its bytes. */
static gboolean
tshark_dissects_extension (guint16 type)
{
  switch (type)
    {
    case 0: case 1: case 5: case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 16:
    case 17: case 18: case 19: case 20: case 21: case 22: case 23: case 24: case 27: case 28:
    case 34: case 40: case 41: case 42: case 43: case 44: case 45: case 47: case 48: case 49:
    case 50: case 51: case 53: case 57: case 13172: case 17513: case 0xffa5: case 0xffce:
    case 0xff01:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Extensions of a hello; returns the version a supported_versions extension selects (server)
 * or 0. */
/* A key_share extension's data [d, d + len): the client's list of entries, the server's one
 * entry, or the group a Hello Retry Request selects. */
static void
dissect_key_share (Ctx *x, WlNode *e, guint32 d, guint32 len, gboolean is_client, gboolean is_hrr)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  WlNode *t = p->full ? wl_add_text (p, e, v, d, len, "Key Share extension") : NULL;
  WlNode *in = t ? t : e;
  if (is_hrr)
    {
      if (len >= 2)
        wl_add_item (p, in, hf_key_share_selected_group, v, d, 2, WL_ENC_BIG);
      return;
    }
  guint32 q = d, stop = d + len;
  if (is_client)
    {
      if (len < 2)
        return;
      guint16 n = wl_view_ntohs (v, d);
      wl_add_item (p, in, hf_key_share_client_length, v, d, 2, WL_ENC_BIG);
      q = d + 2;
      stop = MIN (stop, q + n);
    }
  while (q + 4 <= stop)
    {
      guint16 group = wl_view_ntohs (v, q), kl = wl_view_ntohs (v, q + 2);
      WlNode *en = NULL;
      if (p->full)
        {
          const char *gname = wl_value_string (group_names, group);
          en = wl_add_text (p, in, v, q, MIN (4u + kl, stop - q), "Key Share Entry: Group: %s, Key Exchange length: %u",
                            gname ? gname : wl_arena_printf (p->arena, "Unknown (%u)", group), kl);
        }
      wl_add_item (p, en ? en : in, hf_key_share_group, v, q, 2, WL_ENC_BIG);
      wl_add_item (p, en ? en : in, hf_key_share_kx_length, v, q + 2, 2, WL_ENC_BIG);
      if (q + 4u + kl > stop)
        break;
      wl_add_item (p, en ? en : in, hf_key_share_kx, v, q + 4, kl, WL_ENC_BIG);
      q += 4u + kl;
      if (!is_client)
        break;
    }
}

static guint16
dissect_extensions (Ctx *x, WlNode *tree, guint32 off, guint32 end, gboolean is_client, gboolean is_hrr,
                    GString *ja3_ext, GString *ja3_groups, GString *ja3_formats)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  guint16 selected = 0;
  if (off + 2 > end)
    return 0;
  guint16 total = wl_view_ntohs (v, off);
  wl_add_item (p, tree, hf_extensions_length, v, off, 2, WL_ENC_BIG);
  off += 2;
  end = MIN (end, off + total);
  gboolean first = TRUE;
  while (off + 4 <= end && wl_view_has (v, off, 4))
    {
      guint16 type = wl_view_ntohs (v, off);
      guint16 len = wl_view_ntohs (v, off + 2);
      const char *name = wl_value_string (extension_names, type);
      WlNode *e = wl_add_text (p, tree, v, off, 4u + len, "Extension: %s (len=%u)", name ? name : "Unknown type", len);
      wl_add_item (p, e, hf_ext_type, v, off, 2, WL_ENC_BIG);
      wl_add_item (p, e, hf_ext_len, v, off + 2, 2, WL_ENC_BIG);
      if (ja3_ext && !is_grease (type))
        {
          g_string_append_printf (ja3_ext, "%s%u", first ? "" : "-", type);
          first = FALSE;
        }
      guint32 d = off + 4;
      if (!wl_view_has (v, d, len))
        break;
      switch (type)
        {
        case 0: /* server_name */
          if (len >= 2)
            {
              WlNode *e0 = e;
              e = wl_add_text (p, e0, v, d, len, "Server Name Indication extension");
              if (!p->full)
                e = e0;
              wl_add_item (p, e, hf_sni_list_len, v, d, 2, WL_ENC_BIG);
              for (guint32 q = d + 2; q + 3 <= d + len;)
                {
                  guint16 nlen = wl_view_ntohs (v, q + 1);
                  wl_add_item (p, e, hf_sni_type, v, q, 1, WL_ENC_BIG);
                  wl_add_item (p, e, hf_sni_len, v, q + 1, 2, WL_ENC_BIG);
                  if (q + 3 + nlen > d + len)
                    break;
                  wl_add_item (p, e, hf_sni, v, q + 3, nlen, WL_ENC_BIG);
                  q += 3u + nlen;
                }
              e = e0;
            }
          break;
        case 43: /* supported_versions */
          if (is_client && len >= 1)
            {
              guint8 n = wl_view_u8 (v, d);
              wl_add_item (p, e, hf_supported_versions_len, v, d, 1, WL_ENC_BIG);
              for (guint32 q = d + 1; q + 2 <= d + 1 + n && q + 2 <= d + len; q += 2)
                wl_add_item (p, e, hf_supported_version, v, q, 2, WL_ENC_BIG);
            }
          else if (!is_client && len >= 2)
            {
              selected = wl_view_ntohs (v, d);
              wl_add_item (p, e, hf_supported_version, v, d, 2, WL_ENC_BIG);
            }
          break;
        case 10: /* supported_groups */
          if (len >= 2)
            {
              guint16 n = wl_view_ntohs (v, d);
              wl_add_item (p, e, hf_groups_length, v, d, 2, WL_ENC_BIG);
              WlNode *gl = wl_add_none (p, e, hf_groups, v, d + 2, MIN (n, len - 2u));
              wl_node_set_label (p, gl, "Supported Groups (%u group%s)", n / 2u, n / 2u == 1 ? "" : "s");
              for (guint32 q = d + 2; q + 2 <= d + 2 + n && q + 2 <= d + len; q += 2)
                wl_add_item (p, gl, hf_group, v, q, 2, WL_ENC_BIG);
              if (ja3_groups)
                ja3_append_list (ja3_groups, v, d + 2, MIN (n, len - 2u), 2);
            }
          break;
        case 11: /* ec_point_formats */
          if (len >= 1)
            {
              guint8 n = wl_view_u8 (v, d);
              wl_add_item (p, e, hf_ec_point_formats_length, v, d, 1, WL_ENC_BIG);
              WlNode *pf = wl_add_text (p, e, v, d + 1, n, "Elliptic curves point formats (%u)", n);
              for (guint32 q = d + 1; q < d + 1 + n && q < d + len; q++)
                wl_add_item (p, pf ? pf : e, hf_ec_point_format, v, q, 1, WL_ENC_BIG);
              if (ja3_formats)
                ja3_append_list (ja3_formats, v, d + 1, MIN (n, len - 1u), 1);
            }
          break;
        case 16: /* ALPN */
          if (len >= 2)
            {
              wl_add_item (p, e, hf_alpn_len, v, d, 2, WL_ENC_BIG);
              WlNode *al = wl_add_text (p, e, v, d + 2, len - 2u, "ALPN Protocol");
              for (guint32 q = d + 2; q < d + len;)
                {
                  guint8 n = wl_view_u8 (v, q);
                  wl_add_item (p, al ? al : e, hf_alpn_str_len, v, q, 1, WL_ENC_BIG);
                  if (q + 1 + n > d + len)
                    break;
                  wl_add_item (p, al ? al : e, hf_alpn_str, v, q + 1, n, WL_ENC_BIG);
                  q += 1u + n;
                }
            }
          break;
        case 13: /* signature_algorithms */
          if (len >= 2)
            {
              guint16 n = wl_view_ntohs (v, d);
              wl_add_item (p, e, hf_sig_hash_alg_len, v, d, 2, WL_ENC_BIG);
              WlNode *sl = wl_add_text (p, e, v, d + 2, n, "Signature Hash Algorithms (%u algorithm%s)", n / 2u,
                                        n / 2u == 1 ? "" : "s");
              for (guint32 q = d + 2; q + 2 <= d + 2 + n && q + 2 <= d + len; q += 2)
                {
                  WlNode *a = wl_add_item (p, sl ? sl : e, hf_sig_hash_alg, v, q, 2, WL_ENC_BIG);
                  if (a && p->full)
                    {
                      wl_add_item (p, a, hf_sig_hash_hash, v, q, 1, WL_ENC_BIG);
                      wl_add_item (p, a, hf_sig_hash_sig, v, q + 1, 1, WL_ENC_BIG);
                    }
                }
            }
          break;
        case 65281: /* renegotiation_info */
          if (len >= 1)
            {
              WlNode *t = p->full ? wl_add_text (p, e, v, d, len, "Renegotiation Info extension") : NULL;
              guint8 n = wl_view_u8 (v, d);
              wl_add_item (p, t ? t : e, hf_reneg_info_len, v, d, 1, WL_ENC_BIG);
              if (n && 1u + n <= len)
                wl_add_item (p, t ? t : e, hf_reneg_info, v, d + 1, n, WL_ENC_BIG);
            }
          break;
        case 40: /* key_share of the TLS 1.3 drafts before 23 */
        case 51: /* key_share */
          dissect_key_share (x, e, d, len, is_client, is_hrr);
          break;
        case 45: /* psk_key_exchange_modes */
          if (len >= 1)
            {
              guint8 n = wl_view_u8 (v, d);
              wl_add_item (p, e, hf_psk_ke_modes_length, v, d, 1, WL_ENC_BIG);
              for (guint32 q = d + 1; q < d + 1u + n && q < d + len; q++)
                wl_add_item (p, e, hf_psk_ke_mode, v, q, 1, WL_ENC_BIG);
            }
          break;
        case 21: /* padding */
          wl_add_item (p, e, hf_padding_data, v, d, len, WL_ENC_BIG);
          break;
        case 28: /* record_size_limit */
          if (len >= 2)
            wl_add_item (p, e, hf_record_size_limit, v, d, 2, WL_ENC_BIG);
          break;
        case 5: /* status_request: the client's request (a server's is empty) */
          if (is_client && len >= 1)
            {
              guint8 st = wl_view_u8 (v, d);
              wl_add_item (p, e, hf_status_request_type, v, d, 1, WL_ENC_BIG);
              if ((st == 1 || st == 2) && len >= 3)
                {
                  guint16 ids = wl_view_ntohs (v, d + 1);
                  wl_add_item (p, e, hf_status_request_responder_ids_len, v, d + 1, 2, WL_ENC_BIG);
                  if (3u + ids + 2u <= len)
                    wl_add_item (p, e, hf_status_request_exts_len, v, d + 3 + ids, 2, WL_ENC_BIG);
                }
            }
          break;
        default:
          /* tshark 4.0 shows the bytes (even none) of the extensions it does not dissect, and of
           * session_ticket; the others it dissects into fields of their own. */
          if (!tshark_dissects_extension (type))
            wl_add_item (p, e, hf_ext_data, v, d, len, WL_ENC_BIG);
          break;
        }
      off = d + len;
    }
  return selected;
}

/* Whether the random at off is a Hello Retry Request's: SHA-256 of "HelloRetryRequest". */
static gboolean
is_hello_retry_request (const WlView *v, guint32 off)
{
  const guint8 *r = wl_view_ptr (v, off, 32);
  if (!r)
    return FALSE;
  GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (c, (const guchar *) "HelloRetryRequest", 17);
  guint8 want[32];
  gsize n = sizeof want;
  g_checksum_get_digest (c, want, &n);
  g_checksum_free (c);
  return n == sizeof want && memcmp (r, want, sizeof want) == 0;
}

/* The random; its first four bytes as a time too, but in TLS 1.3 (session_version, drafts
 * included), whose random holds no time. */
static void
add_random (Ctx *x, WlNode *tree, guint32 off, guint16 session_version)
{
  WlPacket *p = x->p;
  WlNode *r = wl_add_item (p, tree, hf_random, x->v, off, 32, WL_ENC_BIG);
  if (r && p->full && is_hello_retry_request (x->v, off))
    wl_node_append_label (p, r, " (HelloRetryRequest magic)");
  if (r && p->full && normalize_version (session_version) != 0x0304)
    {
      wl_add_time (p, r, hf_random_time, x->v, off, 4, (gint64) wl_view_ntohl (x->v, off) * G_GINT64_CONSTANT (1000000000));
      wl_add_item (p, r, hf_random_bytes, x->v, off + 4, 28, WL_ENC_BIG);
    }
}

static void
add_hash (WlPacket *p, WlNode *tree, int hf_full, int hf_hash, const WlView *v, guint32 off, GString *s)
{
  if (!wl_wants (p, hf_full) && !wl_wants (p, hf_hash))
    return;
  wl_node_set_generated (wl_add_string_value (p, tree, hf_full, v, off, 0, wl_arena_strndup (p->arena, s->str, s->len), -1));
  char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, s->str, (gssize) s->len);
  wl_node_set_generated (wl_add_string_value (p, tree, hf_hash, v, off, 0, wl_arena_strndup (p->arena, md5, strlen (md5)), -1));
  g_free (md5);
}

static void
dissect_client_hello (Ctx *x, WlNode *tree, guint32 off, guint32 end, guint16 session_version)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  if (!wl_view_has (v, off, 35) || off + 35 > end)
    return;
  guint16 version = wl_view_ntohs (v, off);
  wl_add_item (p, tree, hf_hs_version, v, off, 2, WL_ENC_BIG);
  add_random (x, tree, off + 2, session_version);
  guint32 q = off + 34;
  guint8 sid = wl_view_u8 (v, q);
  wl_add_item (p, tree, hf_session_id_length, v, q, 1, WL_ENC_BIG);
  if (sid)
    wl_add_item (p, tree, hf_session_id, v, q + 1, sid, WL_ENC_BIG);
  q += 1u + sid;
  if (q + 2 > end || !wl_view_has (v, q, 2))
    return;
  guint16 cs_len = wl_view_ntohs (v, q);
  wl_add_item (p, tree, hf_cipher_suites_length, v, q, 2, WL_ENC_BIG);
  WlNode *csn = wl_add_none (p, tree, hf_cipher_suites, v, q + 2, cs_len);
  wl_node_set_label (p, csn, "Cipher Suites (%u suite%s)", cs_len / 2u, cs_len / 2u == 1 ? "" : "s");
  for (guint32 i = 0; i + 2 <= cs_len && wl_view_has (v, q + 2 + i, 2); i += 2)
    wl_add_item (p, csn, hf_cipher_suite, v, q + 2 + i, 2, WL_ENC_BIG);
  GString *ja3 = g_string_new (NULL);
  g_string_append_printf (ja3, "%u,", version);
  ja3_append_list (ja3, v, q + 2, cs_len, 2);
  g_string_append_c (ja3, ',');
  q += 2u + cs_len;
  if (q + 1 > end || !wl_view_has (v, q, 1))
    {
      g_string_free (ja3, TRUE);
      return;
    }
  guint8 cm = wl_view_u8 (v, q);
  wl_add_item (p, tree, hf_comp_methods_length, v, q, 1, WL_ENC_BIG);
  WlNode *cmn = wl_add_none (p, tree, hf_comp_methods, v, q + 1, cm);
  wl_node_set_label (p, cmn, "Compression Methods (%u method%s)", cm, cm == 1 ? "" : "s");
  for (guint32 i = 0; i < cm && wl_view_has (v, q + 1 + i, 1); i++)
    wl_add_item (p, cmn, hf_comp_method, v, q + 1 + i, 1, WL_ENC_BIG);
  q += 1u + cm;
  GString *groups = g_string_new (NULL), *formats = g_string_new (NULL);
  if (q + 2 <= end)
    dissect_extensions (x, tree, q, end, TRUE, FALSE, ja3, groups, formats);
  g_string_append_printf (ja3, ",%s,%s", groups->str, formats->str);
  add_hash (p, tree, hf_ja3_full, hf_ja3, v, off, ja3);
  g_string_free (groups, TRUE);
  g_string_free (formats, TRUE);
  g_string_free (ja3, TRUE);
}

/* The version a Server Hello at off sets for the session before its random is shown, as tshark
 * 4.0 looks it up: a TLS 1.2 (or DTLS 1.2) hello's supported_versions extension of two bytes, or
 * else the hello's version. */
static guint16
scan_server_hello_version (const WlView *v, guint32 off, guint32 end)
{
  guint16 version = wl_view_ntohs (v, off);
  if ((version != 0x0303 && version != 0xfefd) || end - off < 46 || !wl_view_has (v, off, end - off))
    return version;
  guint32 q = off + 34;
  guint8 sid = wl_view_u8 (v, q);
  q++;
  if (end - q < sid + 5u)
    return version;
  q += sid + 5u;
  while (end - q >= 6)
    {
      guint16 type = wl_view_ntohs (v, q), len = wl_view_ntohs (v, q + 2);
      if (end - q < 4u + len)
        break;
      if (type == 43 && len == 2)
        return wl_view_ntohs (v, q + 4);
      q += 4u + len;
    }
  return version;
}


/* Returns the version the server chose (supported_versions first). */
static guint16
dissect_server_hello (Ctx *x, WlNode *tree, guint32 off, guint32 end)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  if (!wl_view_has (v, off, 35) || off + 35 > end)
    return 0;
  guint16 version = wl_view_ntohs (v, off);
  wl_add_item (p, tree, hf_hs_version, v, off, 2, WL_ENC_BIG);
  add_random (x, tree, off + 2, scan_server_hello_version (v, off, end));
  guint32 q = off + 34;
  /* TLS 1.3 drafts before 22 have neither session id nor compression method. */
  gboolean early_draft = (version >= 0x7f0e && version < 0x7f16) || version == 0xfb17;
  if (!early_draft)
    {
      guint8 sid = wl_view_u8 (v, q);
      wl_add_item (p, tree, hf_session_id_length, v, q, 1, WL_ENC_BIG);
      if (sid)
        wl_add_item (p, tree, hf_session_id, v, q + 1, sid, WL_ENC_BIG);
      q += 1u + sid;
    }
  if (q + (early_draft ? 2 : 3) > end || !wl_view_has (v, q, 3))
    return version;
  guint16 suite = wl_view_ntohs (v, q);
  wl_add_item (p, tree, hf_cipher_suite, v, q, 2, WL_ENC_BIG);
  q += 2;
  if (!early_draft)
    {
      wl_add_item (p, tree, hf_comp_method, v, q, 1, WL_ENC_BIG);
      q++;
    }
  GString *ja3s = g_string_new (NULL);
  g_string_append_printf (ja3s, "%u,%u,", version, suite);
  guint16 selected = 0;
  if (q + 2 <= end)
    selected = dissect_extensions (x, tree, q, end, FALSE, is_hello_retry_request (v, off + 2), ja3s, NULL, NULL);
  add_hash (p, tree, hf_ja3s_full, hf_ja3s, v, off, ja3s);
  g_string_free (ja3s, TRUE);
  return selected ? selected : version;
}

static void
dissect_certificates (Ctx *x, WlNode *tree, guint32 off, guint32 end)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  if (off + 3 > end || !wl_view_has (v, off, 3))
    return;
  guint32 total = wl_view_ntoh24 (v, off);
  wl_add_item (p, tree, hf_certificates_length, v, off, 3, WL_ENC_BIG);
  WlNode *list = wl_add_none (p, tree, hf_certificates, v, off + 3, MIN (total, end - off - 3));
  wl_node_set_label (p, list, "Certificates (%u bytes)", total);
  guint32 stop = MIN (end, off + 3 + total);
  for (guint32 q = off + 3; q + 3 <= stop && wl_view_has (v, q, 3);)
    {
      guint32 len = wl_view_ntoh24 (v, q);
      wl_add_item (p, list, hf_certificate_length, v, q, 3, WL_ENC_BIG);
      if (q + 3 + len > stop || !wl_view_has (v, q + 3, len))
        break;
      WlNode *cert = wl_add_item (p, list, hf_certificate, v, q + 3, len, WL_ENC_BIG);
      x509_certificate (p, cert ? cert : list, v, q + 3, q + 3 + len);
      q += 3 + len;
    }
}

static void
dissect_certificate_request (Ctx *x, WlNode *tree, guint32 off, guint32 end, guint16 version)
{
  const WlView *v = x->v;
  if (version == 0x0304 || off >= end)
    return;
  guint8 n_types = wl_view_u8 (v, off);
  guint32 q = off + 1 + n_types;
  if (version == 0x0303)
    {
      if (q + 2 > end)
        return;
      q += 2u + wl_view_ntohs (v, q);
    }
  if (q + 2 > end || !wl_view_has (v, q, 2))
    return;
  guint16 total = wl_view_ntohs (v, q);
  wl_add_item (x->p, tree, hf_dnames_len, v, q, 2, WL_ENC_BIG);
  guint32 stop = MIN (end, q + 2u + total);
  for (guint32 r = q + 2; r + 2 <= stop;)
    {
      guint16 len = wl_view_ntohs (v, r);
      wl_add_item (x->p, tree, hf_dname_len, v, r, 2, WL_ENC_BIG);
      if (r + 2 + len > stop)
        break;
      x509_name (x->p, v, r + 2, r + 2 + len);
      r += 2u + len;
    }
}

/* Server Key Exchange of an ECDHE suite: named curve, public key, signature. */
static void
dissect_server_key_exchange (Ctx *x, WlNode *tree, guint32 off, guint32 end, guint16 version)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  if (off + 4 > end || !wl_view_has (v, off, 4) || wl_view_u8 (v, off) != 3)
    return;
  guint8 klen = wl_view_u8 (v, off + 3);
  guint32 q = off + 4 + klen;
  if (q > end)
    return;
  wl_add_item (p, tree, hf_server_curve_type, v, off, 1, WL_ENC_BIG);
  wl_add_item (p, tree, hf_server_named_curve, v, off + 1, 2, WL_ENC_BIG);
  wl_add_item (p, tree, hf_server_point_len, v, off + 3, 1, WL_ENC_BIG);
  wl_add_item (p, tree, hf_server_point, v, off + 4, klen, WL_ENC_BIG);
  if (version == 0x0303 && q + 2 <= end)
    {
      WlNode *a = wl_add_item (p, tree, hf_sig_hash_alg, v, q, 2, WL_ENC_BIG);
      if (a && p->full)
        {
          wl_add_item (p, a, hf_sig_hash_hash, v, q, 1, WL_ENC_BIG);
          wl_add_item (p, a, hf_sig_hash_sig, v, q + 1, 1, WL_ENC_BIG);
        }
      q += 2;
    }
  if (q + 2 <= end)
    {
      guint16 slen = wl_view_ntohs (v, q);
      wl_add_item (p, tree, hf_sig_len, v, q, 2, WL_ENC_BIG);
      if (q + 2 + slen <= end)
        wl_add_item (p, tree, hf_sig, v, q + 2, slen, WL_ENC_BIG);
    }
}

/* The handshake messages of one record [off, end). */
/* Where the handshake message at off ends. */
static guint32
body_end_of (const WlView *v, guint32 off, guint32 end)
{
  if (off + 4 > end)
    return end;
  guint64 e = (guint64) off + 4 + wl_view_ntoh24 (v, off + 1);
  return e > end ? end : (guint32) e;
}

static void
dissect_handshake (Ctx *x, WlNode *rec, guint32 off, guint32 end, gboolean encrypted, guint16 *version)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  guint32 first_off = off;
  while (off < end)
    {
      guint8 type = wl_view_u8 (v, off);
      guint32 len = off + 4 <= end ? wl_view_ntoh24 (v, off + 1) : G_MAXUINT32;
      gboolean enc = encrypted || !is_valid_handshake_type (type) || len == G_MAXUINT32 || len > end - off - 4;
      if (enc)
        {
          wl_col_append_sep_info (p, ", ", "Encrypted Handshake Message");
          WlNode *h = wl_add_none (p, rec, hf_handshake, v, off, end - off);
          wl_node_set_label (p, h, "Handshake Protocol: Encrypted Handshake Message");
          wl_node_append_label (p, rec, "Encrypted Handshake Message");
          return;
        }
      const char *name = wl_value_string (handshake_names, type);
      /* a Server Hello with the magic random is a TLS 1.3 Hello Retry Request */
      if (type == 2 && len >= 34 && is_hello_retry_request (v, off + 6))
        name = "Hello Retry Request";
      wl_col_append_sep_info (p, ", ", "%s", name);
      if (p->full && rec)
        {
          /* The record's label names its message, or says there are several. */
          gboolean more = body_end_of (v, off, end) < end;
          if (off == first_off)
            wl_node_append_label (p, rec, "%s", more ? "Multiple Handshake Messages" : name);
        }
      WlNode *h = wl_add_none (p, rec, hf_handshake, v, off, 4 + len);
      wl_node_set_label (p, h, "Handshake Protocol: %s", name);
      wl_add_item (p, h, hf_hs_type, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, h, hf_hs_length, v, off + 1, 3, WL_ENC_BIG);
      guint32 body = off + 4, body_end = off + 4 + len;
      switch (type)
        {
        case 1:
          if (!p->visited && x->conv && !x->conv->client_port)
            x->conv->client_port = p->src_port;
          dissect_client_hello (x, h, body, body_end, *version);
          break;
        case 2:
          {
            guint16 chosen = dissect_server_hello (x, h, body, body_end);
            chosen = normalize_version (chosen);
            if (is_valid_version (chosen))
              {
                /* the version the server chose names the Protocol column from here on */
                *version = chosen;
                wl_col_set_protocol (p, version_short (chosen));
              }
            break;
          }
        case 4:
          if (len >= 6)
            {
              wl_add_item (p, h, hf_session_ticket_lifetime, v, body, 4, WL_ENC_BIG);
              if (*version != 0x0304)
                {
                  guint16 tl = wl_view_ntohs (v, body + 4);
                  wl_add_item (p, h, hf_session_ticket_length, v, body + 4, 2, WL_ENC_BIG);
                  if (tl && body + 6 + tl <= body_end)
                    wl_add_item (p, h, hf_session_ticket, v, body + 6, tl, WL_ENC_BIG);
                }
            }
          break;
        case 11:
          if (*version == 0x0304 && body < body_end)
            {
              /* TLS 1.3: a certificate_request_context comes first */
              guint8 ctx_len = wl_view_u8 (v, body);
              dissect_certificates (x, h, body + 1 + ctx_len, body_end);
            }
          else
            dissect_certificates (x, h, body, body_end);
          break;
        case 12:
          dissect_server_key_exchange (x, h, body, body_end, *version);
          break;
        case 13:
          dissect_certificate_request (x, h, body, body_end, *version);
          break;
        case 22:
          if (len >= 1)
            wl_add_item (p, h, hf_status_request_type, v, body, 1, WL_ENC_BIG);
          if (len >= 4 && wl_view_u8 (v, body) == 1)
            {
              guint32 olen = wl_view_ntoh24 (v, body + 1);
              wl_add_item (p, h, hf_ocsp_response_len, v, body + 1, 3, WL_ENC_BIG);
              if (body + 4 + olen <= body_end)
                ocsp_response (p, h, v, body + 4, body + 4 + olen);
            }
          break;
        default:
          break;
        }
      off = body_end;
    }
}

/* ---- Records ---- */

static gboolean
after_ccs (Ctx *x, guint32 off)
{
  TlsConv *c = x->conv;
  int d = x->from_server;
  if (!c || !c->ccs_frame[d])
    return FALSE;
  return x->p->number > c->ccs_frame[d] ||
         (x->p->number == c->ccs_frame[d] && x->v->base + off > c->ccs_offset[d]);
}

/* One record at off. Returns the offset after it; *deseg when TCP must bring more bytes. */
static guint32
dissect_record (Ctx *x, WlNode *top, guint32 off, guint16 *session_version, gboolean *deseg)
{
  WlPacket *p = x->p;
  const WlView *v = x->v;
  guint32 avail = wl_view_reported_remaining (v, off);
  guint16 sv = *session_version;
  if ((sv == 0x0301 || sv == 0x0302 || sv == 0x0303 || sv == 0x0101) && avail >= 1 &&
      !is_valid_content_type (wl_view_u8 (v, off)))
    {
      wl_col_append_info (p, "Ignored Unknown Record");
      return off + avail;
    }
  if (p->can_desegment && avail < 5)
    {
      p->desegment_offset = off;
      p->desegment_len = WL_DESEGMENT_ONE_MORE_SEGMENT;
      *deseg = TRUE;
      return off;
    }
  guint8 ct = wl_view_u8 (v, off);
  guint16 version = wl_view_ntohs (v, off + 1);
  guint16 rlen = wl_view_ntohs (v, off + 3);
  if (!is_valid_content_type (ct))
    {
      wl_col_append_info (p, "Continuation Data");
      return off + 5 + rlen;
    }
  if (p->can_desegment && avail < 5u + rlen && v->len >= v->reported)
    {
      p->desegment_offset = off;
      p->desegment_len = 5u + rlen - avail;
      *deseg = TRUE;
      return off;
    }

  /* The first message whose version is authoritative (anything but a Client Hello) fixes the
   * session's version. */
  guint8 next_byte = wl_view_u8 (v, off + 5);
  if (*session_version == 0 && ((ct == 22 && is_valid_handshake_type (next_byte) && next_byte != 1) || ct != 22))
    {
      guint16 nv = normalize_version (version);
      if (is_valid_version (nv))
        *session_version = nv;
    }
  const char *vname = version_short (*session_version ? *session_version : version);
  wl_col_set_protocol (p, vname);

  WlNode *rec = wl_add_none (p, top, hf_record, v, off, 5u + rlen);
  if (rec && p->full)
    {
      const char *ctn = wl_value_string (content_type_names, ct);
      wl_node_set_label (p, rec, "%s Record Layer: %s Protocol: ", vname, ctn);
    }
  /* TLS 1.3 hides the real type of its encrypted records behind "application data". */
  wl_add_item (p, rec, *session_version == 0x0304 && ct == 23 ? hf_opaque_type : hf_content_type, v, off, 1, WL_ENC_BIG);
  wl_add_item (p, rec, hf_record_version, v, off + 1, 2, WL_ENC_BIG);
  wl_add_item (p, rec, hf_record_length, v, off + 3, 2, WL_ENC_BIG);
  guint32 body = off + 5, end = off + 5 + rlen;
  if (!wl_view_has (v, body, rlen))
    {
      end = body + wl_view_remaining (v, body);
      p->is_truncated = TRUE;
    }
  switch (ct)
    {
    case 20:
      wl_col_append_sep_info (p, ", ", "Change Cipher Spec");
      wl_add_item (p, rec, hf_change_cipher_spec, v, body, rlen, WL_ENC_BIG);
      wl_node_append_label (p, rec, "Change Cipher Spec");
      if (!p->visited && x->conv && !x->conv->ccs_frame[x->from_server])
        {
          x->conv->ccs_frame[x->from_server] = p->number;
          x->conv->ccs_offset[x->from_server] = v->base + off;
        }
      break;
    case 21:
      {
        WlNode *a = wl_add_none (p, rec, hf_alert, v, body, rlen);
        if (rlen != 2)
          {
            wl_col_append_sep_info (p, ", ", "Encrypted Alert");
            wl_node_set_label (p, rec, "%s Record Layer: Encrypted Alert", vname);
            wl_node_set_label (p, a, "Alert Message: Encrypted Alert");
          }
        else
          {
            const char *level = wl_value_string (alert_level_names, wl_view_u8 (v, body));
            const char *desc = wl_value_string (alert_desc_names, wl_view_u8 (v, body + 1));
            wl_col_append_sep_info (p, ", ", "Alert (Level: %s, Description: %s)",
                                    level ? level : "Unknown", desc ? desc : "Unknown");
            wl_node_append_label (p, rec, "Alert (Level: %s, Description: %s)", level ? level : "Unknown",
                                  desc ? desc : "Unknown");
            wl_add_item (p, a, hf_alert_level, v, body, 1, WL_ENC_BIG);
            wl_add_item (p, a, hf_alert_desc, v, body + 1, 1, WL_ENC_BIG);
          }
        break;
      }
    case 22:
      dissect_handshake (x, rec, body, end, after_ccs (x, off), session_version);
      break;
    case 23:
      wl_col_append_sep_info (p, ", ", "Application Data");
      wl_node_append_label (p, rec, "Application Data");
      wl_add_item (p, rec, hf_app_data, v, body, end - body, WL_ENC_BIG);
      break;
    case 24:
      wl_col_append_sep_info (p, ", ", "%s", after_ccs (x, off) ? "Encrypted Heartbeat" : "Heartbeat");
      break;
    default:
      break;
    }
  return off + 5 + rlen;
}

static gboolean
looks_like_tls_record (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 3))
    return FALSE;
  guint8 ct = wl_view_u8 (v, off);
  guint16 ver = wl_view_ntohs (v, off + 1);
  return is_valid_content_type (ct) && (ver >> 8) == 3 && (ver & 0xff) <= 4;
}

static guint32
dissect_tls (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  TlsConv *conv = tls_conv (p, TRUE);
  Ctx x = { p, v, conv, 0 };
  x.from_server = conv->client_port ? p->src_port != conv->client_port : p->src_port < p->dst_port;

  /* The session's version when this frame was first seen decides its columns. */
  guint16 version;
  if (!p->visited)
    {
      version = conv->version;
      if (!wl_frame_data_get (p, proto_tls, 0))
        wl_frame_data_set (p, proto_tls, 0, GUINT_TO_POINTER ((guint32) version + 1));
    }
  else
    {
      guint32 saved = GPOINTER_TO_UINT (wl_frame_data_get (p, proto_tls, 0));
      version = saved ? (guint16) (saved - 1) : conv->version;
    }

  wl_col_set_protocol (p, version_short (version));
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_tls, v, 0, G_MAXUINT32);

  guint32 off = 0;
  gboolean deseg = FALSE;
  while (off < v->reported)
    {
      guint32 last = off;
      if (version != 0 || looks_like_tls_record (v, off))
        off = dissect_record (&x, top, off, &version, &deseg);
      else
        {
          wl_col_append_sep_info (p, ", ", "Continuation Data");
          wl_col_set_protocol (p, version_short (version));
          off = v->reported;
        }
      if (deseg || off <= last || off > v->len)
        break;
    }
  if (!p->visited)
    conv->version = version;
  return MAX (v->len, 1u);
}

/* The heuristic: a handshake or application data record of SSLv3 to TLS 1.2 with a sane
 * length makes the connection TLS from this frame on. */
static guint32
dissect_tls_heur (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  TlsConv *c = tls_conv (p, FALSE);
  if (c && c->heur_frame && c->heur_frame <= p->number)
    return dissect_tls (p, v, parent, data);
  if (!wl_view_has (v, 0, 6))
    return 0;
  guint8 ct = wl_view_u8 (v, 0);
  guint16 ver = wl_view_ntohs (v, 1);
  guint16 len = wl_view_ntohs (v, 3);
  if (ct != 22 && ct != 23)
    return 0;
  if (ver != 0x0300 && ver != 0x0301 && ver != 0x0302 && ver != 0x0303 && ver != 0x0101)
    return 0;
  if (len == 0 || len >= TLS_MAX_RECORD_LENGTH + 2048)
    return 0;
  if (!p->visited)
    {
      c = tls_conv (p, TRUE);
      if (!c->heur_frame)
        c->heur_frame = p->number;
    }
  return dissect_tls (p, v, parent, data);
}

static WlFieldReg fields[] = {
  { &hf_record, { "Record Layer", "tls.record", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_content_type, { "Content Type", "tls.record.content_type", WL_FT_UINT8, WL_BASE_DEC, content_type_names } },
  { &hf_opaque_type, { "Opaque Type", "tls.record.opaque_type", WL_FT_UINT8, WL_BASE_DEC, content_type_names } },
  { &hf_hs_type, { "Handshake Type", "tls.handshake.type", WL_FT_UINT8, WL_BASE_DEC, handshake_names } },
  { &hf_record_version, { "Version", "tls.record.version", WL_FT_UINT16, WL_BASE_HEX, version_names } },
  { &hf_record_length, { "Length", "tls.record.length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_app_data, { "Encrypted Application Data", "tls.app_data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_change_cipher_spec, { "Change Cipher Spec Message", "tls.change_cipher_spec", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_alert, { "Alert Message", "tls.alert_message", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_alert_level, { "Level", "tls.alert_message.level", WL_FT_UINT8, WL_BASE_DEC, alert_level_names } },
  { &hf_alert_desc, { "Description", "tls.alert_message.desc", WL_FT_UINT8, WL_BASE_DEC, alert_desc_names } },
  { &hf_handshake, { "Handshake Protocol", "tls.handshake", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_hs_length, { "Length", "tls.handshake.length", WL_FT_UINT24, WL_BASE_DEC } },
  { &hf_hs_version, { "Version", "tls.handshake.version", WL_FT_UINT16, WL_BASE_HEX, version_names } },
  { &hf_random, { "Random", "tls.handshake.random", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_random_time, { "GMT Unix Time", "tls.handshake.random_time", WL_FT_ABSOLUTE_TIME, WL_BASE_ABS_UTC } },
  { &hf_random_bytes, { "Random Bytes", "tls.handshake.random_bytes", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_session_id_length, { "Session ID Length", "tls.handshake.session_id_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_session_id, { "Session ID", "tls.handshake.session_id", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_cipher_suites_length, { "Cipher Suites Length", "tls.handshake.cipher_suites_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_cipher_suites, { "Cipher Suites", "tls.handshake.ciphersuites", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_cipher_suite, { "Cipher Suite", "tls.handshake.ciphersuite", WL_FT_UINT16, WL_BASE_HEX, cipher_suite_names } },
  { &hf_comp_methods_length, { "Compression Methods Length", "tls.handshake.comp_methods_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_comp_methods, { "Compression Methods", "tls.handshake.comp_methods", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_comp_method, { "Compression Method", "tls.handshake.comp_method", WL_FT_UINT8, WL_BASE_DEC, comp_names } },
  { &hf_extensions_length, { "Extensions Length", "tls.handshake.extensions_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_ext_type, { "Type", "tls.handshake.extension.type", WL_FT_UINT16, WL_BASE_DEC, extension_names } },
  { &hf_ext_len, { "Length", "tls.handshake.extension.len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_ext_data, { "Data", "tls.handshake.extension.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_sni_list_len, { "Server Name list length", "tls.handshake.extensions_server_name_list_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_sni_type, { "Server Name Type", "tls.handshake.extensions_server_name_type", WL_FT_UINT8, WL_BASE_DEC, sni_type_names } },
  { &hf_sni_len, { "Server Name length", "tls.handshake.extensions_server_name_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_sni, { "Server Name", "tls.handshake.extensions_server_name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_supported_versions_len, { "Supported Versions length", "tls.handshake.extensions.supported_versions_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_supported_version, { "Supported Version", "tls.handshake.extensions.supported_version", WL_FT_UINT16, WL_BASE_HEX, version_names } },
  { &hf_groups_length, { "Supported Groups List Length", "tls.handshake.extensions_supported_groups_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_groups, { "Supported Groups List", "tls.handshake.extensions_supported_groups", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_group, { "Supported Group", "tls.handshake.extensions_supported_group", WL_FT_UINT16, WL_BASE_HEX, group_names } },
  { &hf_ec_point_formats_length, { "EC point formats Length", "tls.handshake.extensions_ec_point_formats_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_ec_point_format, { "EC point format", "tls.handshake.extensions_ec_point_format", WL_FT_UINT8, WL_BASE_DEC, ec_point_format_names } },
  { &hf_alpn_len, { "ALPN Extension Length", "tls.handshake.extensions_alpn_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_alpn_str_len, { "ALPN string length", "tls.handshake.extensions_alpn_str_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_alpn_str, { "ALPN Next Protocol", "tls.handshake.extensions_alpn_str", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_sig_hash_alg_len, { "Signature Hash Algorithms Length", "tls.handshake.sig_hash_alg_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_sig_hash_alg, { "Signature Algorithm", "tls.handshake.sig_hash_alg", WL_FT_UINT16, WL_BASE_HEX, sig_alg_names } },
  { &hf_certificates_length, { "Certificates Length", "tls.handshake.certificates_length", WL_FT_UINT24, WL_BASE_DEC } },
  { &hf_certificates, { "Certificates", "tls.handshake.certificates", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_certificate_length, { "Certificate Length", "tls.handshake.certificate_length", WL_FT_UINT24, WL_BASE_DEC } },
  { &hf_certificate, { "Certificate", "tls.handshake.certificate", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_dnames_len, { "Distinguished Names Length", "tls.handshake.dnames_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_dname_len, { "Distinguished Name Length", "tls.handshake.dname_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_ja3_full, { "JA3 Fullstring", "tls.handshake.ja3_full", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ja3, { "JA3", "tls.handshake.ja3", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ja3s_full, { "JA3S Fullstring", "tls.handshake.ja3s_full", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ja3s, { "JA3S", "tls.handshake.ja3s", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_session_ticket_lifetime, { "Session Ticket Lifetime Hint", "tls.handshake.session_ticket_lifetime_hint", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_session_ticket_length, { "Session Ticket Length", "tls.handshake.session_ticket_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_session_ticket, { "Session Ticket", "tls.handshake.session_ticket", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_server_curve_type, { "Curve Type", "tls.handshake.server_curve_type", WL_FT_UINT8, WL_BASE_HEX } },
  { &hf_server_named_curve, { "Named Curve", "tls.handshake.server_named_curve", WL_FT_UINT16, WL_BASE_HEX, group_names } },
  { &hf_server_point_len, { "Pubkey Length", "tls.handshake.server_point_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_server_point, { "Pubkey", "tls.handshake.server_point", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_sig_len, { "Signature Length", "tls.handshake.sig_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_sig, { "Signature", "tls.handshake.sig", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_sig_hash_hash, { "Signature Hash Algorithm Hash", "tls.handshake.sig_hash_hash", WL_FT_UINT8, WL_BASE_DEC, sig_hash_names } },
  { &hf_sig_hash_sig, { "Signature Hash Algorithm Signature", "tls.handshake.sig_hash_sig", WL_FT_UINT8, WL_BASE_DEC, sig_sig_names } },
  { &hf_reneg_info_len, { "Renegotiation info extension length", "tls.handshake.extensions_reneg_info_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_reneg_info, { "Renegotiation info", "tls.handshake.extensions_reneg_info", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_key_share_client_length, { "Client Key Share Length", "tls.handshake.extensions_key_share_client_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_key_share_group, { "Group", "tls.handshake.extensions_key_share_group", WL_FT_UINT16, WL_BASE_DEC, group_names } },
  { &hf_key_share_kx_length, { "Key Exchange Length", "tls.handshake.extensions_key_share_key_exchange_length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_key_share_kx, { "Key Exchange", "tls.handshake.extensions_key_share_key_exchange", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_key_share_selected_group, { "Selected Group", "tls.handshake.extensions_key_share_selected_group", WL_FT_UINT16, WL_BASE_DEC, group_names } },
  { &hf_padding_data, { "Padding Data", "tls.handshake.extensions_padding_data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_status_request_type, { "Certificate Status Type", "tls.handshake.extensions_status_request_type", WL_FT_UINT8, WL_BASE_DEC, cert_status_type_names } },
  { &hf_status_request_responder_ids_len, { "Responder ID list Length", "tls.handshake.extensions_status_request_responder_ids_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_status_request_exts_len, { "Request Extensions Length", "tls.handshake.extensions_status_request_exts_len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_psk_ke_modes_length, { "PSK Key Exchange Modes Length", "tls.extension.psk_ke_modes_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_psk_ke_mode, { "PSK Key Exchange Mode", "tls.extension.psk_ke_mode", WL_FT_UINT8, WL_BASE_DEC, psk_ke_mode_names } },
  { &hf_record_size_limit, { "Record Size Limit", "tls.record_size_limit", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_ocsp_response_len, { "OCSP Response Length", "tls.handshake.ocsp_response_len", WL_FT_UINT24, WL_BASE_DEC } },
};

void
wl_register_tls (void)
{
  proto_tls = wl_proto_register ("Transport Layer Security", "TLS", "tls");
  wl_fields_register (proto_tls, fields, G_N_ELEMENTS (fields));
  wl_field_alias ("ssl.record.content_type", "tls.record.content_type");
  proto_x509sat = wl_proto_register ("X.509 Selected Attribute Types", "X509SAT", "x509sat");
  proto_x509ce = wl_proto_register ("X.509 Certificate Extensions", "X509CE", "x509ce");
  proto_pkix1explicit = wl_proto_register ("PKIX1Explicit", "PKIX1EXPLICIT", "pkix1explicit");
  proto_pkix1implicit = wl_proto_register ("PKIX1Implitit", "PKIX1IMPLICIT", "pkix1implicit");
  proto_ocsp = wl_proto_register ("Online Certificate Status Protocol", "OCSP", "ocsp");
  proto_pkcs1 = wl_proto_register ("PKCS#1", "PKCS-1", "pkcs-1");
  proto_ns_cert_exts = wl_proto_register ("NetScape Certificate Extensions", "NS_CERT_EXTS", "ns_cert_exts");
  wl_field_alias ("ssl.handshake.type", "tls.handshake.type");
}

void
wl_handoff_tls (void)
{
  /* The TCP ports tshark 4.0 gives TLS by default */
  static const guint32 default_ports[] = { 324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221,
                                           2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684,
                                           5868, 8883, 11207, 19999, 27017 };
  WlDissector *d = wl_dissector_register ("tls", dissect_tls, proto_tls);
  WlTable *t = wl_table_find ("tcp.port");
  for (gsize i = 0; i < G_N_ELEMENTS (default_ports); i++)
    wl_table_add (t, default_ports[i], d);
  wl_heur_add ("tcp", dissect_tls_heur, proto_tls);
}
