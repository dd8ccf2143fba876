#pragma once
// A TrueType font cut down to the glyphs a PDF uses, for embedding as FontFile2.
//
// Glyph ids are kept (the PDF shows glyphs by id through an Identity CIDToGIDMap); the glyphs
// not used are left empty, and composite glyphs bring the glyphs they are built from. Only the
// tables a PDF viewer reads from an embedded CID TrueType font are kept: head, hhea, hmtx, loca,
// maxp, glyf, and the hinting tables cvt, fpgm and prep.
#include <QByteArray>
#include <QRawFont>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace irscope::render {

struct FontMetricsForPdf {
  double units_per_em = 1000;
  // In thousandths of an em, as a PDF FontDescriptor states them.
  double ascent = 0, descent = 0, cap_height = 0;
  double bbox[4] = {0, 0, 0, 0};
  double italic_angle = 0;
  QString postscript_name; // "DejaVuSans-Bold"
};

// What a PDF needs to know of `font`; nullopt if it is not a TrueType (glyf) font, which the
// PDF writer then draws as outlines instead.
std::optional<FontMetricsForPdf> pdfFontMetrics(const QRawFont& font);

// The font file with only `used` glyphs (ids, any order, duplicates allowed) and glyph 0;
// empty if the font's tables cannot be read or are malformed.
QByteArray truetypeSubset(const QRawFont& font, const std::vector<uint16_t>& used);

} // namespace irscope::render
