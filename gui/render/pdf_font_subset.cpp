#include "gui/render/pdf_font_subset.h"

#include <algorithm>
#include <array>
#include <map>

namespace irscope::render {

namespace {

// Big-endian reads that answer 0 past the end: font tables are checked by their sizes before
// anything is taken from them, and a short table never reads outside its bytes.
uint32_t readU16(const QByteArray& data, qsizetype at) {
  if (at < 0 || at + 2 > data.size())
    return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.constData()) + at;
  return (uint32_t(p[0]) << 8) | p[1];
}

int readS16(const QByteArray& data, qsizetype at) {
  return static_cast<int16_t>(static_cast<uint16_t>(readU16(data, at)));
}

uint32_t readU32(const QByteArray& data, qsizetype at) {
  return (readU16(data, at) << 16) | readU16(data, at + 2);
}

void writeU16(QByteArray& data, qsizetype at, uint32_t value) {
  data[at] = static_cast<char>((value >> 8) & 0xff);
  data[at + 1] = static_cast<char>(value & 0xff);
}

void appendU16(QByteArray& data, uint32_t value) {
  data.append(static_cast<char>((value >> 8) & 0xff));
  data.append(static_cast<char>(value & 0xff));
}

void appendU32(QByteArray& data, uint32_t value) {
  appendU16(data, value >> 16);
  appendU16(data, value & 0xffff);
}

constexpr qsizetype kHeadSize = 54;
constexpr qsizetype kHeadLocFormat = 50;
constexpr qsizetype kHeadChecksumAdjustment = 8;

// Where each glyph's outline starts and ends in glyf, from loca; empty if loca does not fit.
std::vector<uint32_t> glyphOffsets(const QByteArray& loca, bool long_offsets, int glyphs,
                                   qsizetype glyf_size) {
  const qsizetype needed = static_cast<qsizetype>(glyphs + 1) * (long_offsets ? 4 : 2);
  if (glyphs <= 0 || loca.size() < needed)
    return {};
  std::vector<uint32_t> offsets(static_cast<size_t>(glyphs) + 1);
  for (int i = 0; i <= glyphs; ++i) {
    offsets[i] = long_offsets ? readU32(loca, i * 4) : readU16(loca, i * 2) * 2;
    if (offsets[i] > glyf_size || (i > 0 && offsets[i] < offsets[i - 1]))
      return {};
  }
  return offsets;
}

// The glyphs a composite glyph is made of (none for a simple glyph).
std::vector<uint16_t> components(const QByteArray& glyph) {
  std::vector<uint16_t> parts;
  if (glyph.size() < 10 || readS16(glyph, 0) >= 0)
    return parts;
  constexpr uint32_t kArgsAreWords = 0x0001, kScale = 0x0008, kMoreComponents = 0x0020,
                     kXYScale = 0x0040, kTwoByTwo = 0x0080;
  qsizetype at = 10;
  for (int guard = 0; guard < 4096 && at + 4 <= glyph.size(); ++guard) {
    const uint32_t flags = readU16(glyph, at);
    parts.push_back(static_cast<uint16_t>(readU16(glyph, at + 2)));
    at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
    if (flags & kScale)
      at += 2;
    else if (flags & kXYScale)
      at += 4;
    else if (flags & kTwoByTwo)
      at += 8;
    if (!(flags & kMoreComponents))
      break;
  }
  return parts;
}

uint32_t tableChecksum(const QByteArray& table) {
  uint32_t sum = 0;
  for (qsizetype at = 0; at < table.size(); at += 4) {
    uint32_t word = 0;
    for (int i = 0; i < 4; ++i)
      word = (word << 8) | (at + i < table.size() ? static_cast<unsigned char>(table[at + i]) : 0);
    sum += word;
  }
  return sum;
}

// An sfnt file of these tables (tags in sorted order, as the format asks).
// `head_at` is set to where the head table starts in the file.
QByteArray sfnt(const std::map<QByteArray, QByteArray>& tables, qsizetype& head_at) {
  const auto count = static_cast<uint32_t>(tables.size());
  uint32_t power = 1, log2 = 0;
  while (power * 2 <= count) {
    power *= 2;
    ++log2;
  }
  QByteArray file;
  appendU32(file, 0x00010000);
  appendU16(file, count);
  appendU16(file, power * 16);
  appendU16(file, log2);
  appendU16(file, count * 16 - power * 16);
  uint32_t offset = 12 + 16 * count;
  for (const auto& [tag, data] : tables) {
    if (tag == "head")
      head_at = offset;
    file.append(tag);
    appendU32(file, tableChecksum(data));
    appendU32(file, offset);
    appendU32(file, static_cast<uint32_t>(data.size()));
    offset += static_cast<uint32_t>((data.size() + 3) & ~qsizetype(3));
  }
  for (const auto& [tag, data] : tables) {
    file.append(data);
    file.append(QByteArray((4 - data.size() % 4) % 4, '\0'));
  }
  return file;
}

// nameID 6 from the name table: Windows Unicode (UTF-16BE) or Macintosh Roman records.
QString postscriptName(const QByteArray& name) {
  const int count = static_cast<int>(readU16(name, 2));
  const qsizetype strings = readU16(name, 4);
  for (int i = 0; i < count; ++i) {
    const qsizetype record = 6 + i * 12;
    if (record + 12 > name.size())
      break;
    if (readU16(name, record + 6) != 6)
      continue;
    const uint32_t platform = readU16(name, record);
    const qsizetype length = readU16(name, record + 8);
    const qsizetype at = strings + readU16(name, record + 10);
    if (at + length > name.size())
      continue;
    QString text;
    if (platform == 3 || platform == 0) {
      for (qsizetype c = 0; c + 1 < length; c += 2)
        text += QChar(static_cast<char16_t>(readU16(name, at + c)));
    } else if (platform == 1) {
      text = QString::fromLatin1(name.constData() + at, length);
    }
    // A PDF name: printable ASCII without delimiters.
    QString clean;
    for (QChar c : text)
      if (c.unicode() > 32 && c.unicode() < 127 && !QStringLiteral("()<>[]{}/%#").contains(c))
        clean += c;
    if (!clean.isEmpty())
      return clean;
  }
  return {};
}

} // namespace

std::optional<FontMetricsForPdf> pdfFontMetrics(const QRawFont& font) {
  const QByteArray head = font.fontTable("head");
  if (head.size() < kHeadSize || font.fontTable("glyf").isEmpty() ||
      font.fontTable("loca").isEmpty())
    return std::nullopt;
  FontMetricsForPdf metrics;
  metrics.units_per_em = readU16(head, 18);
  if (metrics.units_per_em < 16)
    return std::nullopt;
  const double to_thousandths = 1000.0 / metrics.units_per_em;
  for (int i = 0; i < 4; ++i)
    metrics.bbox[i] = readS16(head, 36 + 2 * i) * to_thousandths;
  const QByteArray hhea = font.fontTable("hhea");
  if (hhea.size() >= 36) {
    metrics.ascent = readS16(hhea, 4) * to_thousandths;
    metrics.descent = readS16(hhea, 6) * to_thousandths;
  } else {
    metrics.ascent = metrics.bbox[3];
    metrics.descent = metrics.bbox[1];
  }
  const QByteArray os2 = font.fontTable("OS/2");
  metrics.cap_height = os2.size() >= 90 ? readS16(os2, 88) * to_thousandths : metrics.ascent * 0.7;
  const QByteArray post = font.fontTable("post");
  if (post.size() >= 8)
    metrics.italic_angle = static_cast<int32_t>(readU32(post, 4)) / 65536.0;
  metrics.postscript_name = postscriptName(font.fontTable("name"));
  if (metrics.postscript_name.isEmpty()) {
    metrics.postscript_name = font.familyName().remove(' ');
    if (font.weight() >= QFont::Bold)
      metrics.postscript_name += "-Bold";
  }
  return metrics;
}

QByteArray truetypeSubset(const QRawFont& font, const std::vector<uint16_t>& used) {
  QByteArray head = font.fontTable("head");
  const QByteArray maxp = font.fontTable("maxp");
  const QByteArray loca = font.fontTable("loca");
  const QByteArray glyf = font.fontTable("glyf");
  if (head.size() < kHeadSize || maxp.size() < 6)
    return {};
  const int glyphs = static_cast<int>(readU16(maxp, 4));
  const std::vector<uint32_t> offsets =
      glyphOffsets(loca, readS16(head, kHeadLocFormat) == 1, glyphs, glyf.size());
  if (offsets.empty())
    return {};

  // The glyphs to keep: those used, glyph 0 (.notdef) and, through composites, their parts.
  std::vector<bool> keep(static_cast<size_t>(glyphs), false);
  std::vector<uint16_t> pending(used.begin(), used.end());
  pending.push_back(0);
  while (!pending.empty()) {
    const uint16_t glyph = pending.back();
    pending.pop_back();
    if (glyph >= glyphs || keep[glyph])
      continue;
    keep[glyph] = true;
    for (uint16_t part : components(glyf.mid(offsets[glyph], offsets[glyph + 1] - offsets[glyph])))
      pending.push_back(part);
  }

  QByteArray new_glyf, new_loca;
  for (int glyph = 0; glyph < glyphs; ++glyph) {
    appendU32(new_loca, static_cast<uint32_t>(new_glyf.size()));
    if (keep[glyph]) {
      new_glyf.append(glyf.constData() + offsets[glyph], offsets[glyph + 1] - offsets[glyph]);
      new_glyf.append(QByteArray((4 - new_glyf.size() % 4) % 4, '\0'));
    }
  }
  appendU32(new_loca, static_cast<uint32_t>(new_glyf.size()));
  writeU16(head, kHeadLocFormat, 1); // long offsets
  for (int i = 0; i < 4; ++i)
    head[kHeadChecksumAdjustment + i] = 0;

  std::map<QByteArray, QByteArray> tables{
      {"head", head}, {"maxp", maxp}, {"loca", new_loca}, {"glyf", new_glyf}};
  for (const char* tag : {"hhea", "hmtx", "cvt ", "fpgm", "prep"}) {
    const QByteArray table = font.fontTable(tag);
    if (!table.isEmpty())
      tables[tag] = table;
  }
  if (!tables.count("hhea") || !tables.count("hmtx"))
    return {};
  qsizetype head_at = 0;
  QByteArray file = sfnt(tables, head_at);
  // The whole file's checksum goes into head, so that the sum over the file is 0xB1B0AFBA.
  const uint32_t adjustment = 0xB1B0AFBA - tableChecksum(file);
  writeU16(file, head_at + kHeadChecksumAdjustment, adjustment >> 16);
  writeU16(file, head_at + kHeadChecksumAdjustment + 2, adjustment & 0xffff);
  return file;
}

} // namespace irscope::render
