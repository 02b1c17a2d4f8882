/* zona-test-input.h: real key presses for UI tests, through XTEST
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Key presses sent through the X server travel GTK's whole way: the window's
 * shortcuts, the focused widget's bindings, its input method. They go to
 * whichever window has the keyboard, so tests use them only on a private
 * server (xvfb-run) and run alone.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* NULL when real key presses can be used; otherwise why not (for g_test_skip). */
const char *zona_test_input_unavailable (void);
/* Gives @window the keyboard (there is no window manager under Xvfb). */
gboolean    zona_test_input_focus       (GtkWindow       *window);
/* @keysym is an X keysym (XK_Tab, 'a' …). */
void        zona_test_press             (guint            keysym,
                                         GdkModifierType  mods);
/* ASCII text, as key presses. */
void        zona_test_type              (const char      *text);
void        zona_test_iterate           (void);
gboolean    zona_test_iterate_until     (gboolean (*done) (gpointer),
                                         gpointer         data);

G_END_DECLS
