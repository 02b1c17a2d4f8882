/* zona-test-input.c: real key presses for UI tests, through XTEST
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "zona-test-input.h"

#ifdef ZONA_TEST_X11
#include <gdk/x11/gdkx.h>
#include <X11/Xlibint.h>
#include <X11/keysym.h>
#include <X11/extensions/xtestconst.h>
#include <X11/extensions/xtestproto.h>

static Display *xdisplay;
static int xtest_opcode;
static Window xwindow;
#endif

void
zona_test_iterate (void)
{
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
zona_test_iterate_until (gboolean (*done) (gpointer),
                         gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, wake_cb, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return done (data);
}

const char *
zona_test_input_unavailable (void)
{
#ifdef ZONA_TEST_X11
  int event_base, error_base, major;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    return "Real key presses need an X server with XTEST";
  /* Only on a private server, never into someone's desktop session. */
  if (g_strcmp0 (g_getenv ("ZONA_TEST_FAKE_INPUT"), "1") != 0
      && (g_getenv ("XAUTHORITY") == NULL || strstr (g_getenv ("XAUTHORITY"), "xvfb-run") == NULL))
    return "Not under xvfb-run (set ZONA_TEST_FAKE_INPUT=1 on another private X server)";
  if (xdisplay == NULL)
    xdisplay = XOpenDisplay (NULL);
  if (xdisplay == NULL)
    return "The X display cannot be opened";
  if (!XQueryExtension (xdisplay, XTestExtensionName, &major, &event_base, &error_base))
    return "The X server has no XTEST extension";
  xtest_opcode = major;
  return NULL;
#else
  return "Built without X11 and XTEST support";
#endif
}

#ifdef ZONA_TEST_X11
static void
fake_input (int      type,
            unsigned detail)
{
  Display *dpy = xdisplay;   /* the name GetReq () expects */
  xXTestFakeInputReq *req;

  LockDisplay (dpy);
  GetReq (XTestFakeInput, req);
  req->reqType = xtest_opcode;
  req->xtReqType = X_XTestFakeInput;
  req->type = type;
  req->detail = detail;
  req->pad0 = 0;
  req->time = CurrentTime;
  req->root = None;
  req->pad1 = req->pad2 = 0;
  req->rootX = req->rootY = 0;
  req->pad3 = 0;
  req->pad4 = 0;
  req->pad5 = 0;
  req->deviceid = 0;
  UnlockDisplay (dpy);
  SyncHandle ();
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}
#endif

gboolean
zona_test_input_focus (GtkWindow *window)
{
#ifdef ZONA_TEST_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  xwindow = gdk_x11_surface_get_xid (surface);
  XSetInputFocus (xdisplay, xwindow, RevertToPointerRoot, CurrentTime);
  XSync (xdisplay, False);
  return zona_test_iterate_until (window_active, window);
#else
  return FALSE;
#endif
}

/* Presses and releases a key with modifiers, then lets GTK handle it all. */
void
zona_test_press (guint           keysym,
                 GdkModifierType mods)
{
#ifdef ZONA_TEST_X11
  KeyCode ctrl = XKeysymToKeycode (xdisplay, XK_Control_L);
  KeyCode shift = XKeysymToKeycode (xdisplay, XK_Shift_L);
  KeyCode alt = XKeysymToKeycode (xdisplay, XK_Alt_L);
  KeyCode key = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (key, !=, 0);
  XSetInputFocus (xdisplay, xwindow, RevertToPointerRoot, CurrentTime);
  if (mods & GDK_CONTROL_MASK)
    fake_input (KeyPress, ctrl);
  if (mods & GDK_SHIFT_MASK)
    fake_input (KeyPress, shift);
  if (mods & GDK_ALT_MASK)
    fake_input (KeyPress, alt);
  fake_input (KeyPress, key);
  fake_input (KeyRelease, key);
  if (mods & GDK_ALT_MASK)
    fake_input (KeyRelease, alt);
  if (mods & GDK_SHIFT_MASK)
    fake_input (KeyRelease, shift);
  if (mods & GDK_CONTROL_MASK)
    fake_input (KeyRelease, ctrl);
  XSync (xdisplay, False);
  /* The server has sent GDK the events; a round trip on GDK's own
   * connection puts them in its queue. */
  gdk_display_sync (gdk_display_get_default ());
  zona_test_iterate ();
#else
  g_assert_not_reached ();
#endif
}

void
zona_test_type (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == ' ')
        zona_test_press (0x0020, 0);
      else if (g_ascii_isupper (*p))
        zona_test_press (g_ascii_tolower (*p), GDK_SHIFT_MASK);
      else
        zona_test_press ((guchar) *p, 0);
    }
}
