//! A [`Project`] as `project.qde`: QDA-XML 1.0 (namespace
//! `urn:QDA-XML:project:1.0`, Project.xsd of 18 March 2019), written with
//! quick-xml's writer in the schema's element order. The same project
//! gives the same bytes: attributes in a fixed order, two-space indent,
//! no time but the sessions' own.

use std::borrow::Cow;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use uuid::Uuid;

use super::model::*;
use crate::afterwards::common::iso;

/// The schema's namespace.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

type W = Writer<Vec<u8>>;

/// What XML 1.0 cannot hold taken out (control characters other than
/// tab and line breaks, U+FFFE, U+FFFF).
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn guid(u: Uuid) -> String {
    u.hyphenated().to_string()
}

/// `<Name>text</Name>`.
fn text_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&clean(text)))?;
    Ok(())
}

fn description(w: &mut W, text: &str) -> io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    text_element(w, "Description", text)
}

fn target(w: &mut W, name: &str, target: Uuid) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("targetGUID", guid(target).as_str()))
        .write_empty()?;
    Ok(())
}

/// The project.qde of a project.
pub fn qde(p: &Project) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let creator = p.users.first().map(|(u, _)| guid(*u));
    let created = iso(p.created);
    let mut root = w
        .create_element("Project")
        .with_attribute(("xmlns", NAMESPACE))
        .with_attribute(("name", clean(&p.name).as_ref()))
        .with_attribute(("origin", clean(&p.origin).as_ref()));
    if let Some(c) = &creator {
        root = root.with_attribute(("creatingUserGUID", c.as_str()));
    }
    root.with_attribute(("creationDateTime", created.as_str()))
        .write_inner_content(|w| {
            users(w, p)?;
            codebook(w, &p.codes)?;
            variables(w, &p.variables)?;
            cases(w, &p.cases)?;
            sources(w, p)?;
            description(w, &p.description)
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn users(w: &mut W, p: &Project) -> io::Result<()> {
    if p.users.is_empty() {
        return Ok(());
    }
    w.create_element("Users").write_inner_content(|w| {
        for (u, name) in &p.users {
            w.create_element("User")
                .with_attribute(("guid", guid(*u).as_str()))
                .with_attribute(("name", clean(name).as_ref()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn codebook(w: &mut W, codes: &[Code]) -> io::Result<()> {
    if codes.is_empty() {
        return Ok(());
    }
    w.create_element("CodeBook").write_inner_content(|w| {
        w.create_element("Codes").write_inner_content(|w| {
            for c in codes {
                code(w, c)?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn code(w: &mut W, c: &Code) -> io::Result<()> {
    let el = w
        .create_element("Code")
        .with_attribute(("guid", guid(c.guid).as_str()))
        .with_attribute(("name", clean(&c.name).as_ref()))
        .with_attribute(("isCodable", if c.codable { "true" } else { "false" }));
    el.write_inner_content(|w| {
        description(w, &c.description)?;
        for child in &c.children {
            code(w, child)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn variables(w: &mut W, vars: &[Variable]) -> io::Result<()> {
    if vars.is_empty() {
        return Ok(());
    }
    w.create_element("Variables").write_inner_content(|w| {
        for v in vars {
            w.create_element("Variable")
                .with_attribute(("guid", guid(v.guid).as_str()))
                .with_attribute(("name", clean(&v.name).as_ref()))
                .with_attribute(("typeOfVariable", v.ty.name()))
                .write_inner_content(|w| description(w, &v.description))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn values(w: &mut W, values: &[(Uuid, Value)]) -> io::Result<()> {
    for (var, value) in values {
        w.create_element("VariableValue").write_inner_content(|w| {
            target(w, "VariableRef", *var)?;
            match value {
                Value::Text(t) => text_element(w, "TextValue", t),
                Value::Integer(n) => text_element(w, "IntegerValue", &n.to_string()),
                Value::Date(d) => text_element(w, "DateValue", &d.format("%Y-%m-%d").to_string()),
            }
        })?;
    }
    Ok(())
}

fn cases(w: &mut W, cases: &[Case]) -> io::Result<()> {
    if cases.is_empty() {
        return Ok(());
    }
    w.create_element("Cases").write_inner_content(|w| {
        for c in cases {
            w.create_element("Case")
                .with_attribute(("guid", guid(c.guid).as_str()))
                .with_attribute(("name", clean(&c.name).as_ref()))
                .write_inner_content(|w| {
                    description(w, &c.description)?;
                    values(w, &c.values)?;
                    for s in &c.selections {
                        target(w, "SelectionRef", *s)?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The Coding elements of a selection: one per code.
fn codings(w: &mut W, selection: Uuid, codes: &[Uuid], user: &str, at: &str) -> io::Result<()> {
    for c in codes {
        w.create_element("Coding")
            .with_attribute(("guid", guid(super::ids::coding(selection, *c)).as_str()))
            .with_attribute(("creatingUser", user))
            .with_attribute(("creationDateTime", at))
            .write_inner_content(|w| target(w, "CodeRef", *c))?;
    }
    Ok(())
}

fn sources(w: &mut W, p: &Project) -> io::Result<()> {
    if p.texts.is_empty() && p.audios.is_empty() {
        return Ok(());
    }
    w.create_element("Sources").write_inner_content(|w| {
        for t in &p.texts {
            text_source(w, t)?;
        }
        for a in &p.audios {
            audio_source(w, a)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The file of a text source inside the zip, and its `internal://` path.
pub fn text_file(source: Uuid) -> (String, String) {
    let file = format!("{}.txt", guid(source));
    (format!("sources/{file}"), format!("internal://{file}"))
}

fn text_source(w: &mut W, t: &TextSource) -> io::Result<()> {
    let user = guid(t.user);
    let (_, path) = text_file(t.guid);
    w.create_element("TextSource")
        .with_attribute(("guid", guid(t.guid).as_str()))
        .with_attribute(("name", clean(&t.name).as_ref()))
        .with_attribute(("plainTextPath", path.as_str()))
        .with_attribute(("creatingUser", user.as_str()))
        .with_attribute(("creationDateTime", iso(t.created).as_str()))
        .write_inner_content(|w| {
            for s in &t.selections {
                let at = iso(s.at);
                let el = w
                    .create_element("PlainTextSelection")
                    .with_attribute(("guid", guid(s.guid).as_str()))
                    .with_attribute(("name", clean(&s.name).as_ref()))
                    .with_attribute(("startPosition", s.start.to_string().as_str()))
                    .with_attribute(("endPosition", s.end.to_string().as_str()))
                    .with_attribute(("creatingUser", user.as_str()))
                    .with_attribute(("creationDateTime", at.as_str()));
                if s.codes.is_empty() {
                    el.write_empty()?;
                } else {
                    el.write_inner_content(|w| codings(w, s.guid, &s.codes, &user, &at))?;
                }
            }
            values(w, &t.values)
        })?;
    Ok(())
}

fn audio_source(w: &mut W, a: &AudioSource) -> io::Result<()> {
    let user = guid(a.user);
    let mut el = w
        .create_element("AudioSource")
        .with_attribute(("guid", guid(a.guid).as_str()))
        .with_attribute(("name", clean(&a.name).as_ref()));
    if !a.path.is_empty() {
        el = el.with_attribute(("path", clean(&a.path).as_ref()));
    }
    el.with_attribute(("creatingUser", user.as_str()))
        .with_attribute(("creationDateTime", iso(a.created).as_str()))
        .write_inner_content(|w| {
            for s in &a.selections {
                let at = iso(s.at);
                w.create_element("AudioSelection")
                    .with_attribute(("guid", guid(s.guid).as_str()))
                    .with_attribute(("name", clean(&s.name).as_ref()))
                    .with_attribute(("begin", s.begin_ms.to_string().as_str()))
                    .with_attribute(("end", s.end_ms.to_string().as_str()))
                    .with_attribute(("creatingUser", user.as_str()))
                    .with_attribute(("creationDateTime", at.as_str()))
                    .write_inner_content(|w| {
                        description(w, &s.description)?;
                        codings(w, s.guid, &s.codes, &user, &at)
                    })?;
            }
            values(w, &a.values)
        })?;
    Ok(())
}
