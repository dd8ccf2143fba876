// Build-time tool: renders the scalable icon to the PNG sizes of the hicolor theme.
// usage: irscope_render_icon ICON.svg OUTDIR SIZE... -> OUTDIR/SIZExSIZE/apps/irscope.png
// QtSvg draws it, so the build needs nothing the app does not already need.
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ICON.svg OUTDIR SIZE...\n", argv[0]);
    return 2;
  }
  QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
  if (!svg.isValid()) {
    std::fprintf(stderr, "error: %s: not an SVG QtSvg can draw\n", argv[1]);
    return 2;
  }
  const QString out = QString::fromLocal8Bit(argv[2]);
  for (int i = 3; i < argc; ++i) {
    bool number = false;
    const int size = QString::fromLocal8Bit(argv[i]).toInt(&number);
    if (!number || size < 1 || size > 4096) {
      std::fprintf(stderr, "error: %s: expected a size in pixels\n", argv[i]);
      return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    const QString dir = QString("%1/%2x%2/apps").arg(out).arg(size);
    if (!QDir().mkpath(dir) || !image.save(dir + "/irscope.png", "PNG")) {
      std::fprintf(stderr, "error: %s: cannot write\n", qPrintable(dir + "/irscope.png"));
      return 1;
    }
  }
  return 0;
}
