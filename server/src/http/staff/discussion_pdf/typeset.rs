//! A small typesetter for tagged PDF (PDF/UA-1), written with `krilla`.
//!
//! Layout happens first, onto a display list of pages, because a page's
//! drawing surface borrows the document and a table or paragraph does not
//! know in advance where it will break. Every piece of real content gets a
//! *mark*; the caller builds the logical structure (headings, paragraphs,
//! tables, figures) from marks in reading order. Rules, backgrounds, the
//! draft watermark and page footers are artifacts, outside the structure.
//! Only when everything is laid out are the pages drawn, each mark becoming
//! one marked-content sequence whose identifier takes its place in the tree.

use krilla::{
    color::rgb,
    configure::{Accessibility, ConfigurationBuilder},
    destination::XyzDestination,
    geom::{PathBuilder, Point, Rect, Transform},
    metadata::Metadata,
    num::NormalizedF32,
    outline::{Outline, OutlineNode},
    page::PageSettings,
    paint::{Fill, Stroke},
    surface::Surface,
    tagging::{
        Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagGroup, TagKind, TagTree,
    },
    text::{Font, TextDirection},
    Document, SerializeSettings,
};

/// A4 in points.
pub const WIDTH: f32 = 595.0;
pub const HEIGHT: f32 = 842.0;
pub const LEFT: f32 = 56.0;
pub const TOP: f32 = 56.0;
/// Room kept free at the bottom for the footer.
pub const BOTTOM: f32 = 64.0;
/// The width text may take.
pub const MEASURE: f32 = WIDTH - 2.0 * LEFT;

pub type Rgb = (u8, u8, u8);
pub const INK: Rgb = (26, 26, 26);
/// Dark enough for small text on white (contrast above 9:1).
pub const MUTED: Rgb = (68, 68, 68);

static REGULAR: &[u8] = include_bytes!("../../../../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../../fonts/LiberationSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../../fonts/LiberationSans-Italic.ttf");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
            Face::Italic => ITALIC,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Glyph advances of the three faces, for measuring and breaking lines.
pub struct Metrics {
    faces: [ttf_parser::Face<'static>; 3],
}

impl Metrics {
    pub fn load() -> Option<Metrics> {
        Some(Metrics {
            faces: [
                ttf_parser::Face::parse(REGULAR, 0).ok()?,
                ttf_parser::Face::parse(BOLD, 0).ok()?,
                ttf_parser::Face::parse(ITALIC, 0).ok()?,
            ],
        })
    }

    /// The width of `text` in points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = &self.faces[face.index()];
        let per_em = f32::from(f.units_per_em());
        let units: u32 = text
            .chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / per_em
    }

    /// Words into lines no wider than `width`; a word wider than a line on
    /// its own is broken between characters rather than run over the edge.
    pub fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(face, size, &candidate) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(face, size, &line) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// One thing drawn on a page.
#[derive(Clone, Debug)]
pub enum Draw {
    /// `y` is the baseline; `angle` rotates about the start, in degrees.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        color: Rgb,
        angle: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        color: Rgb,
    },
}

/// Whose a drawing is: a piece of the document's content, or an artifact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Owner {
    Content(usize),
    Artifact(ArtifactType),
}

/// The logical structure, built from marks in reading order.
pub enum Node {
    Group(TagKind, Vec<Node>),
    Mark(usize),
}

impl Node {
    pub fn group(kind: impl Into<TagKind>, children: Vec<Node>) -> Node {
        Node::Group(kind.into(), children)
    }
}

/// Pages being laid out.
pub struct Sheet<'m> {
    pub m: &'m Metrics,
    pages: Vec<Vec<(Owner, Draw)>>,
    /// Where the next block starts, from the top of the page.
    pub y: f32,
    /// Per mark: whether it holds only text (a span) or graphics too.
    marks: Vec<bool>,
    /// (text, page, y) of the title and each section heading, for the outline.
    outline: Vec<(String, usize, f32)>,
}

impl<'m> Sheet<'m> {
    pub fn new(m: &'m Metrics) -> Sheet<'m> {
        Sheet {
            m,
            pages: vec![Vec::new()],
            y: TOP,
            marks: Vec::new(),
            outline: Vec::new(),
        }
    }

    pub fn page(&self) -> usize {
        self.pages.len() - 1
    }

    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn need(&mut self, height: f32) {
        if self.y + height > HEIGHT - BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// A new mark; `text_only` marks become spans, others generic content.
    pub fn mark(&mut self, text_only: bool) -> usize {
        self.marks.push(text_only);
        self.marks.len() - 1
    }

    /// Text in the body colour at a point (a figure's labels).
    pub fn ink(&mut self, owner: Owner, x: f32, y: f32, size: f32, face: Face, text: String) {
        self.draw(
            owner,
            Draw::Text {
                x,
                y,
                face,
                size,
                text,
                color: INK,
                angle: 0.0,
            },
        );
    }

    pub fn draw(&mut self, owner: Owner, d: Draw) {
        if let Some(p) = self.pages.last_mut() {
            p.push((owner, d));
        }
    }

    /// Puts an artifact behind everything else on page `page`.
    pub fn underlay(&mut self, page: usize, kind: ArtifactType, d: Draw) {
        if let Some(p) = self.pages.get_mut(page) {
            p.insert(0, (Owner::Artifact(kind), d));
        }
    }

    /// An artifact on page `page`, above the content.
    pub fn overlay(&mut self, page: usize, kind: ArtifactType, d: Draw) {
        if let Some(p) = self.pages.get_mut(page) {
            p.push((Owner::Artifact(kind), d));
        }
    }

    /// Text as lines at `x`, each line its own mark (a span), breaking pages
    /// between lines. Returns the marks in order.
    pub fn lines(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        x: f32,
        width: f32,
        color: Rgb,
    ) -> Vec<Node> {
        let lead = size * 1.38;
        let mut out = Vec::new();
        for line in self.m.wrap(text, face, size, width) {
            if line.is_empty() {
                continue;
            }
            self.need(lead);
            self.y += lead;
            let mark = self.mark(true);
            self.draw(
                Owner::Content(mark),
                Draw::Text {
                    x,
                    y: self.y - lead * 0.28,
                    face,
                    size,
                    text: line,
                    color,
                    angle: 0.0,
                },
            );
            out.push(Node::Mark(mark));
        }
        out
    }

    /// A paragraph (`P`) across the measure, with `after` points below.
    pub fn paragraph(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        indent: f32,
        color: Rgb,
    ) -> Node {
        let marks = self.lines(text, face, size, LEFT + indent, MEASURE - indent, color);
        self.y += size * 0.6;
        Node::group(TagKind::P(krilla::tagging::Tag::P), marks)
    }

    /// A heading of `level`, kept with a few lines of what follows, and
    /// entered in the outline when it is a title or a section.
    pub fn heading(&mut self, level: u8, text: &str) -> Node {
        let size = match level {
            1 => 18.0,
            2 => 13.5,
            _ => 10.5,
        };
        let before = match level {
            1 => 0.0,
            2 => 14.0,
            _ => 6.0,
        };
        self.need(before + size * 1.4 + 40.0);
        if self.y > TOP {
            self.y += before;
        }
        let (page, y) = (self.page(), self.y);
        let marks = self.lines(text, Face::Bold, size, LEFT, MEASURE, INK);
        if level == 2 {
            // A rule under a section heading, for the eye only.
            let y = self.y + 2.0;
            self.draw(
                Owner::Artifact(ArtifactType::Layout),
                Draw::Line {
                    points: vec![(LEFT, y), (LEFT + MEASURE, y)],
                    width: 0.6,
                    color: (150, 150, 150),
                },
            );
        }
        self.y += if level == 3 { 1.0 } else { 5.0 };
        if level <= 2 {
            self.outline.push((text.to_owned(), page, y));
        }
        let n = std::num::NonZeroU16::new(u16::from(level)).unwrap_or(std::num::NonZeroU16::MIN);
        Node::Group(
            krilla::tagging::Tag::Hn(n, Some(text.to_owned())).into(),
            marks,
        )
    }

    /// Draws the pages and writes the PDF, validated as PDF/UA-1.
    pub fn finish(self, root: Vec<Node>, title: &str, lang: &str) -> Result<Vec<u8>, String> {
        let configuration = ConfigurationBuilder::new()
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| format!("{e:?}"))?;
        let settings = SerializeSettings {
            configuration,
            compress_content_streams: true,
            ..SerializeSettings::default()
        };
        let fonts = [Face::Regular, Face::Bold, Face::Italic]
            .map(|f| Font::new(f.bytes().into(), 0).ok_or("a font could not be read"));
        let [Ok(regular), Ok(bold), Ok(italic)] = fonts else {
            return Err("a font could not be read".to_owned());
        };
        let fonts = [regular, bold, italic];
        let mut ids: Vec<Vec<Identifier>> = vec![Vec::new(); self.marks.len()];
        let mut doc = Document::new_with(settings);
        for items in &self.pages {
            let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size")?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            let mut open: Option<Owner> = None;
            for (owner, d) in items {
                if open != Some(*owner) {
                    if open.is_some() {
                        surface.end_tagged();
                    }
                    let tag = match owner {
                        Owner::Artifact(kind) => ContentTag::Artifact(Artifact::with_kind(*kind)),
                        Owner::Content(m) if self.marks[*m] => ContentTag::Span(SpanTag::empty()),
                        Owner::Content(_) => ContentTag::Other,
                    };
                    let id = surface.start_tagged(tag);
                    if let Owner::Content(m) = owner {
                        ids[*m].push(id);
                    }
                    open = Some(*owner);
                }
                paint(&mut surface, &fonts, d);
            }
            if open.is_some() {
                surface.end_tagged();
            }
            surface.finish();
            page.finish();
        }

        let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
        for node in root {
            for n in build(node, &mut ids) {
                tree.push(n);
            }
        }
        doc.set_tag_tree(tree);

        // The title and the sections, in reading order.
        let mut outline = Outline::new();
        for (text, page, y) in self.outline {
            outline.push_child(OutlineNode::new(
                text,
                XyzDestination::new(page, Point::from_xy(0.0, y)),
            ));
        }
        doc.set_outline(outline);
        doc.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .language(lang.to_owned())
                .creator("Trivsel".to_owned())
                .producer("Trivsel".to_owned()),
        );
        doc.finish().map_err(|e| e.to_string())
    }
}

/// The structure node with each mark replaced by its identifiers.
fn build(node: Node, ids: &mut [Vec<Identifier>]) -> Vec<krilla::tagging::Node> {
    match node {
        Node::Mark(m) => ids
            .get_mut(m)
            .map(std::mem::take)
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect(),
        Node::Group(kind, children) => {
            let mut group = TagGroup::new(kind);
            for c in children {
                for n in build(c, ids) {
                    group.push(n);
                }
            }
            vec![group.into()]
        }
    }
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn paint(s: &mut Surface, fonts: &[Font; 3], d: &Draw) {
    match d {
        Draw::Text {
            x,
            y,
            face,
            size,
            text,
            color: c,
            angle,
        } => {
            s.set_stroke(None);
            s.set_fill(Some(fill(*c)));
            let rotated = *angle != 0.0;
            if rotated {
                s.push_transform(&Transform::from_rotate_at(*angle, *x, *y));
            }
            s.draw_text(
                Point::from_xy(*x, *y),
                fonts[face.index()].clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
            if rotated {
                s.pop();
            }
        }
        Draw::Rect {
            x,
            y,
            w,
            h,
            fill: c,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    s.set_stroke(None);
                    s.set_fill(Some(fill(*c)));
                    s.draw_path(&path);
                }
            }
        }
        Draw::Line {
            points,
            width,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                s.draw_path(&path);
                s.set_stroke(None);
            }
        }
        Draw::Dot { x, y, r, color: c } => {
            // A circle from four cubic arcs.
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(x + r, *y);
            pb.cubic_to(x + r, y + k, x + k, y + r, *x, y + r);
            pb.cubic_to(x - k, y + r, x - r, y + k, x - r, *y);
            pb.cubic_to(x - r, y - k, x - k, y - r, *x, y - r);
            pb.cubic_to(x + k, y - r, x + r, y - k, x + r, *y);
            pb.close();
            if let Some(path) = pb.finish() {
                s.set_stroke(None);
                s.set_fill(Some(fill(*c)));
                s.draw_path(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_exceed_the_width() {
        let m = Metrics::load().expect("fonts");
        let text = "Psykologisk tryghed på sengeafsnittene skal løftes gennem faste tavlemøder og \
                    bedre introduktion af nye kolleger i nattevagterne. Arbejdsmiljøorganisationen";
        let lines = m.wrap(text, Face::Regular, 10.0, 120.0);
        assert!(lines.len() > 4);
        for l in &lines {
            assert!(m.width(Face::Regular, 10.0, l) <= 120.0, "{l}");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn nordic_letters_have_glyphs_in_every_face() {
        let m = Metrics::load().expect("fonts");
        for face in [Face::Regular, Face::Bold, Face::Italic] {
            let f = &m.faces[face.index()];
            for c in "æøåÆØÅäöÄÖ–—“”»«−×½€".chars() {
                assert!(f.glyph_index(c).is_some(), "{c} in {face:?}");
            }
        }
    }
}
