/* zona-chart-view.c: a chart on screen, drawn by the same renderer as the exports
 *
 * Copyright 2026 Zona developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget only gathers a style (the theme's text colour and font, the dark
 * flag of AdwStyleManager) and hands the data to zona_chart_layout () and
 * zona_chart_paint (). The layout is kept until the size, the style or the
 * data change. The snapshot's cairo context is already scaled for HiDPI
 * screens, and the renderer draws vectors, so the chart stays sharp.
 */
#define G_LOG_DOMAIN "zona-charts"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "charts/zona-chart-render.h"
#include "charts/zona-chart-view.h"

struct _ZonaChartView
{
  GtkWidget        parent_instance;

  ZonaChartData   *data;

  /* the last layout, and what it was made for */
  ZonaChartLayout *layout;
  int              layout_width;
  int              layout_height;
  ZonaChartStyle   layout_style;
  char            *layout_family;
};

G_DEFINE_FINAL_TYPE (ZonaChartView, zona_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* libadwaita 1.2's window backgrounds: shapes that touch are parted with them. */
#define LIGHT_BACKGROUND 0xfafafa
#define DARK_BACKGROUND  0x242424

static ZonaChartColor
rgb (guint32 c)
{
  return (ZonaChartColor) { ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                            (c & 0xff) / 255.0, 1.0 };
}

/* The style of this widget now; @family holds the font family. */
static void
current_style (ZonaChartView   *self,
               ZonaChartStyle  *style,
               char           **family)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (pango);
  GdkRGBA fg;
  double size = 0, dpi;
  gboolean dark;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  style->foreground = (ZonaChartColor) { fg.red, fg.green, fg.blue, fg.alpha };
  style->background = rgb (dark ? DARK_BACKGROUND : LIGHT_BACKGROUND);
  style->grid = (ZonaChartColor) { fg.red, fg.green, fg.blue, fg.alpha * 0.15 };
  style->dark = dark;
  style->fill_background = FALSE;

  *family = g_strdup (font && pango_font_description_get_family (font)
                      ? pango_font_description_get_family (font) : "Sans");
  style->font_family = *family;
  if (font != NULL && pango_font_description_get_size (font) > 0)
    {
      size = (double) pango_font_description_get_size (font) / PANGO_SCALE;
      if (!pango_font_description_get_size_is_absolute (font))
        {
          dpi = pango_cairo_context_get_resolution (pango);
          size *= (dpi > 0 ? dpi : 96.0) / 72.0;
        }
    }
  /* chart text a little smaller than the interface's */
  style->font_size = (size > 0 ? size : 14.0) * 0.9;
}

static gboolean
same_color (const ZonaChartColor *a,
            const ZonaChartColor *b)
{
  return a->red == b->red && a->green == b->green && a->blue == b->blue && a->alpha == b->alpha;
}

static gboolean
same_style (const ZonaChartStyle *a,
            const ZonaChartStyle *b)
{
  return same_color (&a->foreground, &b->foreground)
         && same_color (&a->background, &b->background)
         && same_color (&a->grid, &b->grid)
         && g_strcmp0 (a->font_family, b->font_family) == 0
         && a->font_size == b->font_size && a->dark == b->dark
         && a->fill_background == b->fill_background;
}

static void
invalidate (ZonaChartView *self)
{
  g_clear_pointer (&self->layout, zona_chart_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (ZonaChartView *self)
{
  g_autofree char *alt = NULL;

  if (self->data == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  alt = self->data->alt_text != NULL ? g_strdup (self->data->alt_text)
                                     : zona_chart_alt_text (self->data);
  if (self->data->title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->data->title,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, alt,
                                  -1);
}

static void
dark_changed_cb (ZonaChartView *self)
{
  invalidate (self);
}

static void
zona_chart_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  ZonaChartView *self = ZONA_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree char *family = NULL;
  ZonaChartStyle style;
  cairo_t *cr;

  if (self->data == NULL || width <= 0 || height <= 0)
    return;

  current_style (self, &style, &family);
  if (self->layout == NULL || self->layout_width != width || self->layout_height != height
      || !same_style (&style, &self->layout_style))
    {
      g_clear_pointer (&self->layout, zona_chart_layout_free);
      self->layout = zona_chart_layout (self->data, width, height, &style);
      self->layout_width = width;
      self->layout_height = height;
      g_free (self->layout_family);
      self->layout_family = g_steal_pointer (&family);
      self->layout_style = style;
      self->layout_style.font_family = self->layout_family;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  zona_chart_paint (cr, self->layout);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
zona_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
zona_chart_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 100;
      *natural = for_size > 0 ? MAX (100, for_size * 5 / 8) : 300;
    }
}

static void
zona_chart_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (zona_chart_view_parent_class)->css_changed (widget, change);
  invalidate (ZONA_CHART_VIEW (widget));
}

static void
zona_chart_view_finalize (GObject *object)
{
  ZonaChartView *self = ZONA_CHART_VIEW (object);

  g_clear_pointer (&self->data, zona_chart_data_free);
  g_clear_pointer (&self->layout, zona_chart_layout_free);
  g_clear_pointer (&self->layout_family, g_free);

  G_OBJECT_CLASS (zona_chart_view_parent_class)->finalize (object);
}

static void
zona_chart_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ZonaChartView *self = ZONA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zona_chart_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ZonaChartView *self = ZONA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      zona_chart_view_set_data (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
zona_chart_view_class_init (ZonaChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = zona_chart_view_finalize;
  object_class->get_property = zona_chart_view_get_property;
  object_class->set_property = zona_chart_view_set_property;

  widget_class->snapshot = zona_chart_view_snapshot;
  widget_class->get_request_mode = zona_chart_view_get_request_mode;
  widget_class->measure = zona_chart_view_measure;
  widget_class->css_changed = zona_chart_view_css_changed;

  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, ZONA_TYPE_CHART_DATA,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
zona_chart_view_init (ZonaChartView *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
zona_chart_view_new (void)
{
  return g_object_new (ZONA_TYPE_CHART_VIEW, NULL);
}

void
zona_chart_view_set_data (ZonaChartView       *self,
                          const ZonaChartData *data)
{
  g_return_if_fail (ZONA_IS_CHART_VIEW (self));

  if (zona_chart_data_equal (self->data, data))
    return;

  g_clear_pointer (&self->data, zona_chart_data_free);
  if (data != NULL)
    self->data = zona_chart_data_copy (data);
  update_accessible (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATA]);
}

const ZonaChartData *
zona_chart_view_get_data (ZonaChartView *self)
{
  g_return_val_if_fail (ZONA_IS_CHART_VIEW (self), NULL);

  return self->data;
}
