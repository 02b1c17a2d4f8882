/* zona-store.h: the plan document, a SQLite database (.pdz)
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ZONA_STORE_ERROR (zona_store_error_quark ())

typedef enum {
  ZONA_STORE_ERROR_NOT_FOUND,
  ZONA_STORE_ERROR_NOT_A_PLAN,     /* not SQLite, or another application's database */
  ZONA_STORE_ERROR_TOO_NEW,        /* written by a newer Zona */
  ZONA_STORE_ERROR_CORRUPT,        /* fails quick_check */
  ZONA_STORE_ERROR_UNSAFE,         /* triggers or views planted in the file */
  ZONA_STORE_ERROR_EXISTS,
  ZONA_STORE_ERROR_INVALID,        /* bad argument from the user (e.g. unknown card) */
  ZONA_STORE_ERROR_SQLITE,
  ZONA_STORE_ERROR_READ_ONLY,      /* open elsewhere, or not writable: edits refused */
  ZONA_STORE_ERROR_UNDO,           /* the step cannot be undone or redone */
  ZONA_STORE_ERROR_FROZEN,         /* the plan is approved: edits refused */
} ZonaStoreError;

GQuark zona_store_error_quark (void);

/* "Zona" in ASCII */
#define ZONA_STORE_APPLICATION_ID 0x5A6F6E61
#define ZONA_STORE_SCHEMA_VERSION 4

typedef struct {
  gint64  id;
  gint64  parent_id;     /* 0 for a top-level chapter */
  int     position;
  char   *role;
  char   *title;
} ZonaChapter;

typedef enum {
  ZONA_BLOCK_PARAGRAPH,
  ZONA_BLOCK_CARD,
  ZONA_BLOCK_HEADING,        /* a heading inside a section's text; level 1.. */
  ZONA_BLOCK_BULLET,         /* a bulleted list item; level = nesting from 0 */
  ZONA_BLOCK_NUMBERED,       /* a numbered list item; level = nesting from 0 */
  ZONA_BLOCK_TABLE,          /* a data table shown here; ref_uid names it */
  ZONA_BLOCK_CHART,          /* a chart shown here; ref_uid names it */
} ZonaBlockKind;

typedef struct {
  gint64         id;
  gint64         chapter_id;
  int            position;
  ZonaBlockKind  kind;
  char          *text;       /* paragraph, heading or list item text */
  char          *card_type;  /* card type id */
  char          *title;      /* card title */
  int            level;
  char          *ref_uid;    /* data table or chart; for a card, the uid of the
                              * previous plan's objective it is about, or NULL */
} ZonaBlock;

/* Inline formatting of a text block, as character offsets into its text. */
typedef enum {
  ZONA_SPAN_BOLD,
  ZONA_SPAN_ITALIC,
  ZONA_SPAN_LINK,            /* data: the address */
  ZONA_SPAN_FOOTNOTE,        /* data: the note's text; start == end, the mark's place */
} ZonaSpanStyle;

typedef struct {
  int            start;
  int            end;
  ZonaSpanStyle  style;
  char          *data;
} ZonaSpan;

const char *zona_block_kind_to_string   (ZonaBlockKind  kind);
gboolean    zona_block_kind_from_string (const char    *str,
                                         ZonaBlockKind *kind);
const char *zona_span_style_to_string   (ZonaSpanStyle  style);
gboolean    zona_span_style_from_string (const char    *str,
                                         ZonaSpanStyle *style);
void        zona_span_free              (ZonaSpan      *span);

void zona_chapter_free (ZonaChapter *chapter);
void zona_block_free   (ZonaBlock   *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaChapter, zona_chapter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaBlock, zona_block_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ZonaSpan, zona_span_free)

#define ZONA_TYPE_STORE (zona_store_get_type ())
G_DECLARE_FINAL_TYPE (ZonaStore, zona_store, ZONA, STORE, GObject)

ZonaStore  *zona_store_open            (const char  *path,
                                        GError     **error);
ZonaStore  *zona_store_create          (const char  *path,
                                        const char  *template_id,
                                        GError     **error);
gboolean    zona_store_save_copy       (ZonaStore   *self,
                                        const char  *dest_path,
                                        GError     **error);
const char *zona_store_get_path        (ZonaStore   *self);
ZonaStore  *zona_store_snapshot        (ZonaStore   *self,
                                        GError     **error);
gboolean    zona_store_is_read_only    (ZonaStore   *self);
const char *zona_store_get_read_only_reason (ZonaStore *self);

char       *zona_store_get_meta        (ZonaStore   *self,
                                        const char  *key);
gboolean    zona_store_set_meta        (ZonaStore   *self,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);

GPtrArray  *zona_store_list_chapters   (ZonaStore   *self,
                                        gint64       parent_id);
ZonaChapter *zona_store_get_chapter    (ZonaStore   *self,
                                        gint64       chapter_id);
GPtrArray  *zona_store_list_blocks     (ZonaStore   *self,
                                        gint64       chapter_id);
ZonaBlock  *zona_store_get_block       (ZonaStore   *self,
                                        gint64       block_id);
gint64      zona_store_add_chapter     (ZonaStore   *self,
                                        gint64       parent_id,
                                        const char  *role,
                                        const char  *title,
                                        GError     **error);
gint64      zona_store_add_paragraph   (ZonaStore   *self,
                                        gint64       chapter_id,
                                        const char  *text,
                                        GError     **error);
gint64      zona_store_add_card        (ZonaStore   *self,
                                        gint64       chapter_id,
                                        const char  *card_type,
                                        const char  *title,
                                        GError     **error);
gint64      zona_store_add_block       (ZonaStore   *self,
                                        gint64       chapter_id,
                                        ZonaBlockKind kind,
                                        int          level,
                                        const char  *text,
                                        const char  *ref_uid,
                                        GError     **error);
gboolean    zona_store_set_block_text  (ZonaStore   *self,
                                        gint64       block_id,
                                        const char  *text,
                                        GPtrArray   *spans,
                                        GError     **error);
gboolean    zona_store_set_block_kind  (ZonaStore   *self,
                                        gint64       block_id,
                                        ZonaBlockKind kind,
                                        int          level,
                                        GError     **error);
GPtrArray  *zona_store_get_spans       (ZonaStore   *self,
                                        gint64       block_id);
gboolean    zona_store_delete_block    (ZonaStore   *self,
                                        gint64       block_id,
                                        GError     **error);
gboolean    zona_store_move_block      (ZonaStore   *self,
                                        gint64       block_id,
                                        int          new_position,
                                        GError     **error);
gboolean    zona_store_set_chapter_title (ZonaStore *self,
                                        gint64       chapter_id,
                                        const char  *title,
                                        GError     **error);
gboolean    zona_store_delete_chapter  (ZonaStore   *self,
                                        gint64       chapter_id,
                                        GError     **error);

char       *zona_store_get_field       (ZonaStore   *self,
                                        gint64       card_id,
                                        const char  *key);
GHashTable *zona_store_get_fields      (ZonaStore   *self,
                                        gint64       card_id);
gboolean    zona_store_set_field       (ZonaStore   *self,
                                        gint64       card_id,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);
gboolean    zona_store_set_fields      (ZonaStore   *self,
                                        gint64       card_id,
                                        GHashTable  *values,
                                        GError     **error);
gboolean    zona_store_set_card_title  (ZonaStore   *self,
                                        gint64       card_id,
                                        const char  *title,
                                        GError     **error);
gboolean    zona_store_set_card_predecessor (ZonaStore *self,
                                        gint64       card_id,
                                        const char  *uid,
                                        GError     **error);

gboolean    zona_store_begin_group     (ZonaStore   *self,
                                        GError     **error);
gboolean    zona_store_end_group       (ZonaStore   *self,
                                        gboolean     commit,
                                        GError     **error);
gboolean    zona_store_begin_batch     (ZonaStore   *self,
                                        GError     **error);
gboolean    zona_store_end_batch       (ZonaStore   *self,
                                        gboolean     commit,
                                        GError     **error);

gboolean    zona_store_can_undo        (ZonaStore   *self);
gboolean    zona_store_can_redo        (ZonaStore   *self);
gboolean    zona_store_undo            (ZonaStore   *self,
                                        GError     **error);
gboolean    zona_store_redo            (ZonaStore   *self,
                                        GError     **error);
void        zona_store_clear_history   (ZonaStore   *self);

/* Review state of a card or a chapter: bozza → discusso al tavolo → validato
 * dall'Ufficio di Piano → approvato. Each set is one undoable edit. */
typedef enum {
  ZONA_REVIEW_DRAFT,         /* "bozza" (stored as NULL) */
  ZONA_REVIEW_DISCUSSED,     /* "discusso": discussed at the tavolo */
  ZONA_REVIEW_VALIDATED,     /* "validato": validated by the Ufficio di Piano */
  ZONA_REVIEW_APPROVED,      /* "approvato" */
} ZonaReviewState;

const char *zona_review_state_to_string   (ZonaReviewState  state);
gboolean    zona_review_state_from_string (const char      *str,
                                           ZonaReviewState *state);
const char *zona_review_state_label       (ZonaReviewState  state);

ZonaReviewState zona_store_get_card_review    (ZonaStore       *self,
                                               gint64           card_id);
gboolean        zona_store_set_card_review    (ZonaStore       *self,
                                               gint64           card_id,
                                               ZonaReviewState  state,
                                               GError         **error);
ZonaReviewState zona_store_get_chapter_review (ZonaStore       *self,
                                               gint64           chapter_id);
gboolean        zona_store_set_chapter_review (ZonaStore       *self,
                                               gint64           chapter_id,
                                               ZonaReviewState  state,
                                               GError         **error);

/* Approval by the Assemblea dei Sindaci (plan metadata "approval_date",
 * YYYY-MM-DD, and "approval_ref"). An approved plan is frozen: every write
 * (edits, groups, batches, undo, redo, restore) fails with
 * ZONA_STORE_ERROR_FROZEN and zona_store_is_read_only() is TRUE. Reading,
 * export and zona_store_save_copy() still work. */
gboolean    zona_store_get_approval    (ZonaStore   *self,
                                        char       **date,
                                        char       **ref);
gboolean    zona_store_is_approved     (ZonaStore   *self);
gboolean    zona_store_approve         (ZonaStore   *self,
                                        const char  *date,
                                        const char  *ref,
                                        GError     **error);
/* Writes an editable copy of an approved plan to @dest_path (which must not
 * exist): approval cleared, "approvato" states back to "validato". */
ZonaStore  *zona_store_start_revision  (ZonaStore   *self,
                                        const char  *dest_path,
                                        GError     **error);

/* Versioned backups in the user's data folder, one a day, the last few kept. */
char       *zona_store_backup_dir      (const char  *plan_path);
gboolean    zona_store_auto_backup     (ZonaStore   *self,
                                        guint        keep,
                                        GError     **error);
GPtrArray  *zona_store_list_backups    (const char  *plan_path);
gboolean    zona_store_restore_backup  (ZonaStore   *self,
                                        const char  *backup_path,
                                        GError     **error);

G_END_DECLS
