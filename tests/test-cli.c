/* test-cli.c: the zona command — sample, export, refusals, exit codes, Italian
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <locale.h>
#include <sys/wait.h>

#include "model/zona-store.h"

static char *tmpdir;

static int
run (const char  *lang,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ZONA_BIN"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (lang)
    {
      envp = g_environ_setenv (envp, "LC_ALL", lang, TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "it", TRUE);
    }
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_sample_then_export (void)
{
  g_autofree char *plan = g_build_filename (tmpdir, "esempio.pdz", NULL);
  g_autofree char *odt = g_build_filename (tmpdir, "esempio.odt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  g_assert_cmpint (run (NULL, &out, &err, "sample", plan, NULL), ==, 0);
  store = zona_store_open (plan, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "export", plan, "-o", odt, NULL), ==, 0);
  g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));

  /* The sample refuses to overwrite an existing file. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "sample", plan, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists"));
}

static void
assert_export_refused (const char *path,
                       const char *fragment)
{
  g_autofree char *odt = g_build_filename (tmpdir, "refused.odt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (run (NULL, &out, &err, "export", path, "-o", odt, NULL), ==, 1);
  if (strstr (err, fragment) == NULL)
    g_test_fail_printf ("stderr “%s” does not say “%s”", err, fragment);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (odt, G_FILE_TEST_EXISTS));
}

static void
test_refuses_foreign (void)
{
  g_autofree char *text = g_build_filename (tmpdir, "note.txt", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "other.sqlite", NULL);
  g_autofree char *newer = g_build_filename (tmpdir, "newer.pdz", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (text, "Verbale del tavolo\n", -1, NULL));
  assert_export_refused (text, "is not a Zona plan");

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_export_refused (other, "another application");

  g_assert_cmpint (run (NULL, &out, &err, "sample", newer, NULL), ==, 0);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA user_version = %d", ZONA_STORE_SCHEMA_VERSION + 5);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_export_refused (newer, "newer version of Zona");
}

static void
test_usage (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (NULL, &out, &err, "export", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Usage:"));
}

static void
test_italian (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *missing = g_build_filename (tmpdir, "assente.pdz", NULL);
  g_autofree char *odt = g_build_filename (tmpdir, "assente.odt", NULL);

  if (setlocale (LC_ALL, "it_IT.UTF-8") == NULL)
    {
      g_test_skip ("the it_IT.UTF-8 locale is not installed (the README's set-up installs it)");
      return;
    }
  setlocale (LC_ALL, "");

  g_assert_cmpint (run ("it_IT.UTF-8", &out, &err, "export", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Uso:"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run ("it_IT.UTF-8", &out, &err, "export", missing, "-o", odt, NULL), ==, 1);
  if (strstr (err, "non può essere aperto") == NULL)
    g_test_fail_printf ("not in Italian: %s", err);
}

/* zona check: 1 with errors, 0 with warnings only or none, 3 unreadable, 2 usage. */
static void
test_check_exit_codes (void)
{
  g_autofree char *sample = g_build_filename (tmpdir, "check-sample.pdz", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "check-clean.json", NULL);
  g_autofree char *clean = g_build_filename (tmpdir, "check-clean.pdz", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "check-missing.pdz", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *clean_json =
    "{\"zona\": 1, \"plan\": {\"title\": \"Piano\", \"cycle\": \"2025-2027\", \"template\": \"2025-2027\"},"
    " \"chapters\": [{\"role\": \"esiti\", \"title\": \"Esiti\", \"content\": [{\"card\": {"
    "  \"type\": \"valutazione-output\", \"title\": \"Politiche abitative\", \"fields\": {"
    "  \"grado\": \"80\", \"coincidenza_risorse\": \"100\", \"criticita\": \"Poche risorse\","
    "  \"cambiamento\": \"Sì\", \"cambiamento_motivazione\": \"Più alloggi\", \"continuita\": \"No\","
    "  \"riproposta\": \"Sì\", \"riproposta_motivazione\": \"Bisogno consolidato\","
    "  \"valutazione_utenti\": \"Non prevista\"}}}]}]}";

  g_assert_cmpint (run (NULL, &out, &err, "sample", sample, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* The sample has narrative-only answers where the region asks Sì/No: errors. */
  g_assert_cmpint (run (NULL, &out, &err, "check", sample, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "error\trequired\t"));
  g_assert_nonnull (strstr (out, "warning\tpercentage-text\t"));
  g_assert_nonnull (strstr (out, "“100/100” is not a percentage"));

  g_assert_true (g_file_set_contents (json, clean_json, -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "load", json, clean, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "check", clean, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "0 errors, 0 warnings"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "check", missing, NULL), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "check", NULL), ==, 2);
}

/* zona new --from: the plan of the next cycle; refusals and usage. */
static void
test_new_from (void)
{
  g_autofree char *old = g_build_filename (tmpdir, "new-from-old.pdz", NULL);
  g_autofree char *next = g_build_filename (tmpdir, "new-from-next.pdz", NULL);
  g_autofree char *later = g_build_filename (tmpdir, "new-from-later.pdz", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  g_assert_cmpint (run (NULL, &out, &err, "sample", old, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "new", "--from", old, next, NULL), ==, 0);
  store = zona_store_open (next, &error);
  g_assert_no_error (error);
  template = zona_store_get_meta (store, "template");
  g_assert_cmpstr (template, ==, "2025-2027");
  g_clear_object (&store);

  /* The target exists. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "new", "--from", old, next, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));

  /* No cycle after 2025-2027 is known. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "new", "--from", next, later, NULL), ==, 1);
  g_assert_false (g_file_test (later, G_FILE_TEST_EXISTS));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, &err, "new", old, next, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "zona new --from"));
}

static char *
file_sum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* zona approve freezes the plan; zona revise gives an editable copy. */
static void
test_approve_revise (void)
{
  g_autofree char *plan = g_build_filename (tmpdir, "approvato.pdz", NULL);
  g_autofree char *rev = g_build_filename (tmpdir, "revisione.pdz", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "approvato.json", NULL);
  g_autofree char *loaded = g_build_filename (tmpdir, "ricaricato.pdz", NULL);
  g_autofree char *odt = g_build_filename (tmpdir, "approvato.odt", NULL);
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  g_assert_cmpint (run (NULL, &out, &err, "sample", plan, NULL), ==, 0);

  /* Bad usage and bad values. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "approve", plan, "--date", "2026-11-20", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "zona approve"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "approve", plan, "--date", "20/11/2026",
                        "--ref", "Delibera n. 12", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "approve", plan, "--date", "2026-11-20",
                        "--ref", "Delibera n. 12/2026", NULL), ==, 0);
  before = file_sum (plan);

  /* Edits refused, with the message, the file unchanged. */
  store = zona_store_open (plan, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_approved (store));
  g_assert_false (zona_store_set_meta (store, "title", "Altro", &error));
  g_assert_error (error, ZONA_STORE_ERROR, ZONA_STORE_ERROR_FROZEN);
  g_assert_nonnull (strstr (error->message, "approved on 20/11/2026 (Delibera n. 12/2026)"));
  g_clear_error (&error);
  g_clear_object (&store);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "approve", plan, "--date", "2026-12-01",
                        "--ref", "Delibera n. 13", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot be changed"));
  if (setlocale (LC_ALL, "it_IT.UTF-8") != NULL)
    {
      setlocale (LC_ALL, "");
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run ("it_IT.UTF-8", NULL, &err, "approve", plan, "--date", "2026-12-01",
                            "--ref", "Delibera n. 13", NULL), ==, 1);
      g_assert_nonnull (strstr (err, "approvato il 20/11/2026"));
    }

  /* Reading, dump, check, export still work. */
  g_assert_cmpint (run (NULL, NULL, NULL, "dump", plan, "-o", json, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "export", plan, "-o", odt, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "check", plan, NULL), !=, 3);
  /* Loaded from its dump, the plan is approved too. */
  g_assert_cmpint (run (NULL, NULL, NULL, "load", json, loaded, NULL), ==, 0);
  store = zona_store_open (loaded, &error);
  g_assert_no_error (error);
  g_assert_true (zona_store_is_approved (store));
  g_clear_object (&store);

  after = file_sum (plan);
  g_assert_cmpstr (before, ==, after);

  /* A new revision can be edited. */
  g_assert_cmpint (run (NULL, NULL, NULL, "revise", plan, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, NULL, "revise", plan, rev, NULL), ==, 0);
  store = zona_store_open (rev, &error);
  g_assert_no_error (error);
  g_assert_false (zona_store_is_approved (store));
  g_assert_true (zona_store_set_meta (store, "title", "Piano di Zona, revisione", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "revise", plan, rev, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "revise", rev, loaded, NULL), ==, 1);

  g_clear_pointer (&after, g_free);
  after = file_sum (plan);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("zona-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/sample-then-export", test_sample_then_export);
  g_test_add_func ("/cli/refuses-foreign", test_refuses_foreign);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/italian", test_italian);
  g_test_add_func ("/cli/check-exit-codes", test_check_exit_codes);
  g_test_add_func ("/cli/new-from", test_new_from);
  g_test_add_func ("/cli/approve-revise", test_approve_revise);
  ret = g_test_run ();
  g_free (tmpdir);
  return ret;
}
