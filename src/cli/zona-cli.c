/* zona-cli.c: command-line verbs
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   zona sample OUT.pdz                 write a copy of the sample plan
 *   zona export PLAN.pdz -o OUT.odt [--template HOUSE.ott]
 *                                       export as ODF text (with the office's own
 *                                       page layout and styles)
 *   zona load PLAN.json NEW.pdz         build a plan from its JSON form
 *   zona dump PLAN.pdz [-o OUT.json]    write the whole plan as JSON (to stdout
 *                                       without -o); docs/json-format.md
 *   zona check PLAN.pdz                 print the plan's problems
 *   zona new --from OLD.pdz NEW.pdz     start the plan of the next cycle from the
 *                                       plan of this one (its objectives become
 *                                       evaluation cards)
 *   zona approve PLAN.pdz --date YYYY-MM-DD --ref "Delibera n. …"
 *                                       record the approval by the Assemblea dei
 *                                       Sindaci: the plan is frozen from then on
 *   zona revise PLAN.pdz NEW.pdz        an editable copy of an approved plan
 *
 * Exit status: 0 done, 1 failed (the message says why), 2 bad usage.
 * "check" exits 1 when any problem is an error, 0 when there are only
 * warnings or none, 3 when the plan cannot be opened.
 */
#define G_LOG_DOMAIN "zona-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "zona-cli.h"
#include "zona-sample.h"
#include "model/zona-plan-json.h"
#include "model/zona-rollover.h"
#include "export/zona-odt-writer.h"
#include "checks/zona-checks.h"
#include "templates/zona-template.h"

static const char *commands[] = { "sample", "export", "load", "dump", "check", "new", "approve", "revise", NULL };

gboolean
zona_cli_is_command (const char *arg)
{
  return arg != NULL && g_strv_contains (commands, arg);
}

static int
usage (void)
{
  fprintf (stderr, "%s\n  zona sample %s\n  zona export %s -o %s [--template %s]\n  zona load %s %s\n"
           "  zona dump %s [-o %s]\n  zona check %s\n  zona new --from %s %s\n"
           "  zona approve %s --date %s --ref %s\n  zona revise %s %s\n",
           _("Usage:"), _("OUT.pdz"), _("PLAN.pdz"), _("OUT.odt"), _("HOUSE.ott"), _("PLAN.json"), _("NEW.pdz"),
           _("PLAN.pdz"), _("OUT.json"), _("PLAN.pdz"), _("OLD.pdz"), _("NEW.pdz"),
           /* TRANSLATORS: placeholders in the usage of "zona approve" */
           _("PLAN.pdz"), _("YYYY-MM-DD"), _("REFERENCE"), _("PLAN.pdz"), _("NEW.pdz"));
  return 2;
}

static int
report (GError *error)
{
  fprintf (stderr, "zona: %s\n", error->message);
  return 1;
}

static int
cmd_sample (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    return usage ();
  if (!zona_sample_write (argv[2], &error))
    return report (error);
  return 0;
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  const char *plan = NULL, *out = NULL, *house = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-o") || g_str_equal (argv[i], "--output"))
        {
          if (++i >= argc)
            return usage ();
          out = argv[i];
        }
      else if (g_str_equal (argv[i], "--template"))
        {
          if (++i >= argc)
            return usage ();
          house = argv[i];
        }
      else if (plan == NULL)
        plan = argv[i];
      else
        return usage ();
    }
  if (plan == NULL || out == NULL)
    return usage ();

  store = zona_store_open (plan, &error);
  if (store == NULL || !zona_odt_export_full (store, out, house, NULL, &error))
    return report (error);
  return 0;
}

static int
cmd_load (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (argc != 4)
    return usage ();
  store = zona_plan_json_load_file (argv[2], argv[3], &error);
  if (store == NULL)
    return report (error);
  return 0;
}

static int
cmd_dump (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autofree char *json = NULL;
  const char *plan = NULL, *out = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-o") || g_str_equal (argv[i], "--output"))
        {
          if (++i >= argc)
            return usage ();
          out = argv[i];
        }
      else if (plan == NULL)
        plan = argv[i];
      else
        return usage ();
    }
  if (plan == NULL)
    return usage ();

  store = zona_store_open (plan, &error);
  if (store == NULL)
    return report (error);
  json = zona_plan_json_dump (store, &error);
  if (json == NULL)
    return report (error);
  if (out != NULL)
    {
      if (!g_file_set_contents (out, json, -1, &error))
        return report (error);
    }
  else if (fputs (json, stdout) < 0 || fflush (stdout) != 0)
    {
      fprintf (stderr, "zona: %s\n", _("The JSON text could not be written to the output"));
      return 1;
    }
  return 0;
}

static int
cmd_check (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  g_autoptr(ZonaTemplate) template = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *template_id = NULL;
  guint errors;

  if (argc != 3)
    return usage ();
  store = zona_store_open (argv[2], &error);
  if (store == NULL)
    {
      report (error);
      return 3;
    }
  template_id = zona_store_get_meta (store, "template");
  template = template_id ? zona_template_lookup (template_id, &error) : NULL;
  if (template == NULL)
    {
      if (error)
        report (error);
      else
        fprintf (stderr, "zona: %s\n", _("the plan names no template"));
      return 3;
    }

  problems = zona_checks_run (store, template);
  for (guint i = 0; i < problems->len; i++)
    {
      const ZonaProblem *p = g_ptr_array_index (problems, i);
      /* TRANSLATORS: the severity column of "zona check", error or warning */
      printf ("%s\t%s\t%s\t%s\n",
              p->severity == ZONA_PROBLEM_ERROR ? _("error") : _("warning"),
              zona_rule_to_string (p->rule), p->where ? p->where : "", p->message);
    }
  errors = zona_checks_count (problems, ZONA_PROBLEM_ERROR);
  /* TRANSLATORS: summary line of "zona check" */
  fprintf (stderr, _("%u errors, %u warnings\n"), errors, problems->len - errors);
  return errors > 0 ? 1 : 0;
}

static int
cmd_new (int    argc,
         char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) old = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (argc != 5 || !g_str_equal (argv[2], "--from"))
    return usage ();
  old = zona_store_open (argv[3], &error);
  if (old == NULL)
    return report (error);
  store = zona_rollover_new_plan (old, argv[4], &error);
  if (store == NULL)
    return report (error);
  return 0;
}

static int
cmd_approve (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) store = NULL;
  const char *plan = NULL, *date = NULL, *ref = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--date"))
        {
          if (++i >= argc)
            return usage ();
          date = argv[i];
        }
      else if (g_str_equal (argv[i], "--ref"))
        {
          if (++i >= argc)
            return usage ();
          ref = argv[i];
        }
      else if (plan == NULL)
        plan = argv[i];
      else
        return usage ();
    }
  if (plan == NULL || date == NULL || ref == NULL)
    return usage ();

  store = zona_store_open (plan, &error);
  if (store == NULL || !zona_store_approve (store, date, ref, &error))
    return report (error);
  return 0;
}

static int
cmd_revise (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ZonaStore) old = NULL;
  g_autoptr(ZonaStore) store = NULL;

  if (argc != 4)
    return usage ();
  old = zona_store_open (argv[2], &error);
  if (old == NULL)
    return report (error);
  store = zona_store_start_revision (old, argv[3], &error);
  if (store == NULL)
    return report (error);
  return 0;
}

int
zona_cli_run (int    argc,
              char **argv)
{
  g_return_val_if_fail (argc > 1, 2);

  if (g_str_equal (argv[1], "sample"))
    return cmd_sample (argc, argv);
  if (g_str_equal (argv[1], "export"))
    return cmd_export (argc, argv);
  if (g_str_equal (argv[1], "load"))
    return cmd_load (argc, argv);
  if (g_str_equal (argv[1], "dump"))
    return cmd_dump (argc, argv);
  if (g_str_equal (argv[1], "check"))
    return cmd_check (argc, argv);
  if (g_str_equal (argv[1], "new"))
    return cmd_new (argc, argv);
  if (g_str_equal (argv[1], "approve"))
    return cmd_approve (argc, argv);
  if (g_str_equal (argv[1], "revise"))
    return cmd_revise (argc, argv);
  return usage ();
}
