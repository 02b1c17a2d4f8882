/* zona-bench.c: helpers shared by the benchmark programs in bench/
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The big-plan generator builds a plan from real text only, through the
 * public store API, in one begin_batch/end_batch:
 *
 *  - the chapters of the 2025-2027 template, made by zona_plan_new ();
 *  - per chapter, two introductory paragraphs, then sections (sub-chapters)
 *    of about SECTION_TEXT_BYTES of text each, titled by short seed lines;
 *  - paragraphs: the non-blank lines of the .txt files in tests/seeds/, in file-name
 *    order, one line per paragraph, cycling when they run out;
 *  - in the chapter(s) whose template spec holds "valutazione-output" cards,
 *    every third block is such a card, whose title and fields are copied
 *    from the cards of data/sample/sample-plan.json, cycling.
 *
 * The text target is FACTOR × the size of the largest seed file; each
 * chapter is filled until the running total reaches its share, so the plan
 * ends a little above the target (by less than one block). Nothing depends
 * on time or randomness: the same FACTOR gives the same plan.
 */
#define G_LOG_DOMAIN "zona-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <time.h>

#include "model/zona-plan-new.h"
#include "model/zona-store.h"
#include "templates/zona-template.h"

#include "zona-bench.h"

#define TEMPLATE_ID        "2025-2027"
#define CARD_TYPE          "valutazione-output"
#define SECTION_TEXT_BYTES (16 * 1024)
#define INTRO_PARAGRAPHS   2
#define CARD_EVERY         3     /* in card chapters: paragraph, paragraph, card */

typedef struct {
  char      *title;
  GPtrArray *keys;               /* (element-type utf8) */
  GPtrArray *values;             /* (element-type utf8) */
} SampleCard;

typedef struct {
  GPtrArray *lines;              /* (element-type utf8): non-blank seed lines */
  GPtrArray *titles;             /* (element-type utf8): short lines, for section titles */
  GPtrArray *cards;              /* (element-type SampleCard) */
  guint      next_line;
  guint      next_title;
  guint      next_card;
  ZonaStore *store;
  ZonaBenchPlanStats *stats;
} Generator;

static void
sample_card_free (gpointer data)
{
  SampleCard *card = data;

  g_free (card->title);
  g_ptr_array_unref (card->keys);
  g_ptr_array_unref (card->values);
  g_free (card);
}

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->lines, g_ptr_array_unref);
  g_clear_pointer (&gen->titles, g_ptr_array_unref);
  g_clear_pointer (&gen->cards, g_ptr_array_unref);
  g_clear_object (&gen->store);
}

static const char *
seeds_dir (void)
{
  const char *dir = g_getenv ("ZONA_BENCH_SEEDS");
  return dir ? dir : BENCH_SEEDS_DIR;
}

static const char *
sample_json (void)
{
  const char *path = g_getenv ("ZONA_SAMPLE_JSON");
  return path ? path : BENCH_SAMPLE_JSON;
}

static gboolean
has_visible_char (const char *line)
{
  for (const char *p = line; *p; p = g_utf8_next_char (p))
    if (g_unichar_isgraph (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A short seed line, trimmed of blanks and markdown marks, as a section title. */
static char *
title_from_line (const char *line)
{
  g_autofree char *copy = g_strstrip (g_strdup (line));
  const char *start = copy;
  char *end;

  if (strlen (copy) < 8 || strlen (copy) > 120 || strchr (copy, '\t') != NULL
      || strchr (copy, '<') != NULL)
    return NULL;
  while (*start == '*' || *start == '#' || *start == '-' || *start == ' ')
    start++;
  end = (char *) start + strlen (start);
  while (end > start && (end[-1] == '*' || end[-1] == ' '))
    *--end = '\0';
  if (g_utf8_strlen (start, -1) < 8 || !has_visible_char (start))
    return NULL;
  return g_strdup (start);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
load_seeds (Generator  *gen,
            guint64    *largest,
            GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (seeds_dir (), 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  gen->lines = g_ptr_array_new_with_free_func (g_free);
  gen->titles = g_ptr_array_new_with_free_func (g_free);
  *largest = 0;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (seeds_dir (), names->pdata[i], NULL);
      g_autofree char *data = NULL;
      g_auto(GStrv) lines = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &data, &len, error))
        return FALSE;
      *largest = MAX (*largest, (guint64) len);
      if (!g_utf8_validate_len (data, len, NULL))
        {
          char *valid = g_utf8_make_valid (data, len);
          g_free (data);
          data = valid;
        }
      lines = g_strsplit (data, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          gsize l = strlen (lines[j]);
          char *title;

          if (l > 0 && lines[j][l - 1] == '\r')
            lines[j][l - 1] = '\0';
          if (!has_visible_char (lines[j]))
            continue;
          g_ptr_array_add (gen->lines, g_strdup (lines[j]));
          if ((title = title_from_line (lines[j])) != NULL)
            g_ptr_array_add (gen->titles, title);
        }
    }
  if (gen->lines->len == 0 || gen->titles->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no seed text in %s", seeds_dir ());
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
node_to_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

/* Collects every {"card": {"type": CARD_TYPE, …}} in document order. */
static void
collect_cards (JsonNode  *node,
               GPtrArray *cards)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_cards (json_array_get_element (array, i), cards);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *card = object_member (object, "card");
      g_autoptr(GList) members = NULL;

      if (card != NULL && g_strcmp0 (json_object_get_string_member_with_default (card, "type", ""),
                                     CARD_TYPE) == 0)
        {
          JsonObject *fields = object_member (card, "fields");
          SampleCard *sc = g_new0 (SampleCard, 1);
          g_autoptr(GList) keys = fields ? json_object_get_members (fields) : NULL;

          sc->title = g_strdup (json_object_get_string_member_with_default (card, "title", ""));
          sc->keys = g_ptr_array_new_with_free_func (g_free);
          sc->values = g_ptr_array_new_with_free_func (g_free);
          for (GList *l = keys; l != NULL; l = l->next)
            {
              char *value = node_to_string (json_object_get_member (fields, l->data));
              if (value == NULL || *value == '\0')
                {
                  g_free (value);
                  continue;
                }
              g_ptr_array_add (sc->keys, g_strdup (l->data));
              g_ptr_array_add (sc->values, value);
            }
          g_ptr_array_add (cards, sc);
          return;
        }

      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        collect_cards (json_object_get_member (object, l->data), cards);
    }
}

static gboolean
load_cards (Generator  *gen,
            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, sample_json (), error))
    return FALSE;
  gen->cards = g_ptr_array_new_with_free_func (sample_card_free);
  collect_cards (json_parser_get_root (parser), gen->cards);
  if (gen->cards->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no “%s” cards in %s",
                   CARD_TYPE, sample_json ());
      return FALSE;
    }
  return TRUE;
}

/* Adds one block to @chapter_id and returns the text bytes it stored, or 0. */
static guint64
add_paragraph (Generator  *gen,
               gint64      chapter_id,
               GError    **error)
{
  const char *text = gen->lines->pdata[gen->next_line];

  gen->next_line = (gen->next_line + 1) % gen->lines->len;
  if (zona_store_add_paragraph (gen->store, chapter_id, text, error) == 0)
    return 0;
  gen->stats->paragraphs++;
  return strlen (text);
}

static guint64
add_card (Generator  *gen,
          gint64      chapter_id,
          GError    **error)
{
  SampleCard *sc = gen->cards->pdata[gen->next_card];
  guint64 bytes = strlen (sc->title);
  gint64 id;

  gen->next_card = (gen->next_card + 1) % gen->cards->len;
  id = zona_store_add_card (gen->store, chapter_id, CARD_TYPE, sc->title, error);
  if (id == 0)
    return 0;
  for (guint i = 0; i < sc->keys->len; i++)
    {
      if (!zona_store_set_field (gen->store, id, sc->keys->pdata[i], sc->values->pdata[i], error))
        return 0;
      bytes += strlen (sc->values->pdata[i]);
      gen->stats->field_values++;
    }
  gen->stats->cards++;
  return MAX (bytes, 1);
}

static guint64
add_block (Generator  *gen,
           gint64      chapter_id,
           gboolean    cards,
           guint       index,
           GError    **error)
{
  if (cards && index % CARD_EVERY == CARD_EVERY - 1)
    return add_card (gen, chapter_id, error);
  return add_paragraph (gen, chapter_id, error);
}

static guint64
count_chapters (ZonaStore *store,
                gint64     parent_id,
                guint     *n)
{
  g_autoptr(GPtrArray) chapters = zona_store_list_chapters (store, parent_id);
  guint64 bytes = 0;

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *c = chapters->pdata[i];
      bytes += strlen (c->title) + count_chapters (store, c->id, n);
      (*n)++;
    }
  return bytes;
}

static gboolean
spec_holds_cards (const ZonaChapterSpec *spec)
{
  for (guint i = 0; spec->card_types != NULL && i < spec->card_types->len; i++)
    if (g_strcmp0 (spec->card_types->pdata[i], CARD_TYPE) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
fill (Generator  *gen,
      GError    **error)
{
  ZonaBenchPlanStats *stats = gen->stats;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  GPtrArray *specs;
  guint all_chapters = 0;

  template = zona_template_lookup (TEMPLATE_ID, error);
  if (template == NULL)
    return FALSE;
  specs = zona_template_get_chapters (template);
  chapters = zona_store_list_chapters (gen->store, 0);
  stats->chapters = chapters->len;
  stats->text_bytes = count_chapters (gen->store, 0, &all_chapters);
  stats->sections = all_chapters - chapters->len;

  for (guint i = 0; i < chapters->len; i++)
    {
      ZonaChapter *chapter = chapters->pdata[i];
      gboolean cards = i < specs->len && spec_holds_cards (specs->pdata[i]);
      guint64 goal = stats->target_bytes * (i + 1) / chapters->len;
      guint section_no = 0;

      for (guint j = 0; j < INTRO_PARAGRAPHS && stats->text_bytes < goal; j++)
        {
          guint64 bytes = add_paragraph (gen, chapter->id, error);
          if (bytes == 0)
            return FALSE;
          stats->text_bytes += bytes;
        }

      while (stats->text_bytes < goal)
        {
          const char *line = gen->titles->pdata[gen->next_title];
          g_autofree char *title = g_strdup_printf ("%u.%u %s", i + 1, ++section_no, line);
          guint64 section_bytes = 0;
          gint64 section;

          gen->next_title = (gen->next_title + 1) % gen->titles->len;
          section = zona_store_add_chapter (gen->store, chapter->id, NULL, title, error);
          if (section == 0)
            return FALSE;
          stats->sections++;
          stats->text_bytes += strlen (title);

          for (guint k = 0; section_bytes < SECTION_TEXT_BYTES && stats->text_bytes < goal; k++)
            {
              guint64 bytes = add_block (gen, section, cards, k, error);
              if (bytes == 0)
                return FALSE;
              section_bytes += bytes;
              stats->text_bytes += bytes;
            }
        }
    }
  return TRUE;
}

/* ---- public ----------------------------------------------------------- */

gboolean
zona_bench_make_plan (const char          *path,
                      double               factor,
                      ZonaBenchPlanStats  *stats,
                      GError             **error)
{
  Generator gen = { 0 };
  g_autofree char *title = NULL;
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (factor > 0, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->factor = factor;
  gen.stats = stats;

  if (!load_seeds (&gen, &stats->reference_bytes, error) || !load_cards (&gen, error))
    {
      generator_clear (&gen);
      return FALSE;
    }
  stats->target_bytes = (guint64) (factor * (double) stats->reference_bytes + 0.5);

  title = g_strdup_printf ("Piano di Zona 2025-2027 (benchmark, %g× the largest seed)", factor);
  gen.store = zona_plan_new (path, TEMPLATE_ID, title, error);
  if (gen.store == NULL)
    {
      generator_clear (&gen);
      return FALSE;
    }

  ok = zona_store_begin_batch (gen.store, error);
  if (ok)
    {
      ok = fill (&gen, error);
      ok = zona_store_end_batch (gen.store, ok, ok ? error : NULL) && ok;
    }
  generator_clear (&gen);   /* closes the database */
  if (!ok)
    {
      g_unlink (path);
      return FALSE;
    }
  if (g_stat (path, &st) == 0)
    stats->file_bytes = st.st_size;
  return TRUE;
}

void
zona_bench_print_plan_stats (const ZonaBenchPlanStats *stats)
{
  printf ("factor:        %g × %" G_GUINT64_FORMAT " bytes (largest seed) = target %"
          G_GUINT64_FORMAT " text bytes\n",
          stats->factor, stats->reference_bytes, stats->target_bytes);
  printf ("chapters:      %u\n", stats->chapters);
  printf ("sections:      %u\n", stats->sections);
  printf ("paragraphs:    %u\n", stats->paragraphs);
  printf ("cards:         %u\n", stats->cards);
  printf ("field values:  %u\n", stats->field_values);
  printf ("text bytes:    %" G_GUINT64_FORMAT " (%.2f MB, %.1f%% of target)\n",
          stats->text_bytes, stats->text_bytes / 1e6,
          stats->target_bytes ? 100.0 * stats->text_bytes / stats->target_bytes : 0.0);
  printf ("file size:     %" G_GUINT64_FORMAT " bytes (%.2f MB)\n",
          stats->file_bytes, stats->file_bytes / 1e6);
}

char *
zona_bench_make_tmp_dir (GError **error)
{
  return g_dir_make_tmp ("zona-bench-XXXXXX", error);
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
zona_bench_remove_tmp_dir (const char *dir)
{
  if (dir != NULL && g_getenv ("ZONA_BENCH_KEEP") == NULL)
    remove_tree (dir);
}

gint64
zona_bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
zona_bench_quantile (double *values,
                     gsize   n,
                     double  q)
{
  gsize rank;

  g_return_val_if_fail (values != NULL && n > 0, 0);
  g_return_val_if_fail (q > 0 && q <= 1, 0);

  qsort (values, n, sizeof *values, (int (*) (const void *, const void *)) compare_doubles);
  rank = (gsize) ((double) n * q + 0.999999);     /* nearest rank: ceil (q × n) */
  return values[CLAMP (rank, 1, n) - 1];
}

guint64
zona_bench_peak_rss (void)
{
  g_autofree char *status = NULL;
  struct rusage ru;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p = strstr (status, "\nVmHWM:");
      if (p != NULL)
        return g_ascii_strtoull (p + strlen ("\nVmHWM:"), NULL, 10) * 1024;
    }
  if (getrusage (RUSAGE_SELF, &ru) == 0)
    return (guint64) ru.ru_maxrss * 1024;
  return 0;
}

const char *
zona_bench_fs_type (const char *path)
{
  static char other[32];
  struct statfs sfs;

  if (statfs (path, &sfs) != 0)
    return "unknown";
  switch ((unsigned long) sfs.f_type)
    {
    case 0xEF53:     return "ext2/3/4";
    case 0x01021994: return "tmpfs";
    case 0x794C7630: return "overlayfs";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x6969:     return "nfs";
    case 0x65735546: return "fuse";
    default:
      g_snprintf (other, sizeof other, "0x%lx", (unsigned long) sfs.f_type);
      return other;
    }
}

const char *
zona_bench_met (gboolean met)
{
  return met ? "MET" : "NOT MET";
}
