//! Builds a test case's dossier: a base (or a whole dossier), then `patch` (deep merge), `set`
//! (values by pointer) and `unset`; written back as YAML so that the engine reads it like any
//! dossier, with spans for its messages.

use serde_json::{Map, Value as Json};

use crate::load::tree::segments;

/// Deep merge: mappings are merged key by key, anything else replaces; `null` removes the key.
pub(crate) fn merge(target: &mut Json, patch: &Json) {
    match (target, patch) {
        (Json::Object(t), Json::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Json::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Most segments in a `set` pointer: a dossier nests at most `--max-depth` levels (64 by
/// default), and a deeper pointer would only build a dossier that cannot be read. Bounding it
/// keeps the builder's recursions (merge, YAML writing, dropping the value) shallow: a
/// test file's values are themselves read with the same depth limit.
pub(crate) const MAX_POINTER_SEGMENTS: usize = crate::load::Limits::DEFAULT_MAX_DEPTH;

/// Sets a value at an absolute JSON pointer. Missing mappings on the way are created; a list
/// index may be the list's length (appends).
pub(crate) fn set(target: &mut Json, pointer: &str, value: Json) -> Result<(), String> {
    let count = pointer.matches('/').count();
    if count > MAX_POINTER_SEGMENTS {
        return Err(format!(
            "le pointeur a {count} segments : un dossier n'en a jamais plus de {MAX_POINTER_SEGMENTS}"
        ));
    }
    let segs: Vec<String> = segments(pointer).collect();
    let Some((last, parents)) = segs.split_last() else {
        *target = value;
        return Ok(());
    };
    let mut node = target;
    for seg in parents {
        node = match node {
            Json::Object(m) => m
                .entry(seg.clone())
                .or_insert_with(|| Json::Object(Map::new())),
            Json::Array(a) => {
                let i: usize = seg
                    .parse()
                    .map_err(|_| format!("`{seg}` n'est pas un indice de liste ({pointer})"))?;
                a.get_mut(i)
                    .ok_or_else(|| format!("indice {i} hors de la liste ({pointer})"))?
            }
            _ => {
                return Err(format!(
                    "{pointer} : `{seg}` n'est pas dans une table ni une liste"
                ));
            }
        };
    }
    match node {
        Json::Object(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Json::Array(a) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("`{last}` n'est pas un indice de liste ({pointer})"))?;
            match i.cmp(&a.len()) {
                std::cmp::Ordering::Less => a[i] = value,
                std::cmp::Ordering::Equal => a.push(value),
                std::cmp::Ordering::Greater => {
                    return Err(format!("indice {i} hors de la liste ({pointer})"));
                }
            }
            Ok(())
        }
        _ => Err(format!(
            "{pointer} : le parent n'est ni une table ni une liste"
        )),
    }
}

/// Removes the value at a pointer (nothing if absent).
pub(crate) fn unset(target: &mut Json, pointer: &str) {
    let segs: Vec<String> = segments(pointer).collect();
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut node = target;
    for seg in parents {
        let next = match node {
            Json::Object(m) => m.get_mut(seg),
            Json::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return,
        }
    }
    match node {
        Json::Object(m) => {
            m.shift_remove(last);
        }
        Json::Array(a) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|&i| i < a.len()) {
                a.remove(i);
            }
        }
        _ => {}
    }
}

/// Writes JSON as block YAML. Texts are double-quoted (JSON string syntax is valid YAML),
/// except `YYYY-MM-DD` dates, which stay plain so that they read back as dates.
pub(crate) fn to_yaml(value: &Json) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Whether a text can be written without quotes and read back as the same text.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_alphanumeric() || first == '/' || first == '_')
        && s == s.trim()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| "{}[],&*!|>'\"%@`\n\t".contains(c))
        && matches!(
            crate::load::scalar::resolve_plain(s),
            crate::load::Value::String(_)
        )
}

fn scalar(value: &Json) -> String {
    match value {
        Json::String(s) if crate::load::scalar::parse_date(s).is_some() => s.clone(),
        Json::String(s) if plain_safe(s) => s.clone(),
        Json::String(s) => Json::String(s.clone()).to_string(),
        Json::Null => "~".into(),
        other => other.to_string(),
    }
}

fn write(value: &Json, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Json::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                let key = if plain_safe(k) {
                    k.clone()
                } else {
                    Json::String(k.clone()).to_string()
                };
                match v {
                    Json::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write(v, indent + 2, out);
                    }
                    Json::Array(items) if !items.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write(v, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", inline(v))),
                }
            }
        }
        Json::Array(items) if !items.is_empty() => {
            for item in items {
                match item {
                    Json::Object(inner) if !inner.is_empty() => {
                        // The first key goes on the dash's line, the others under it.
                        let mut block = String::new();
                        write(item, indent + 2, &mut block);
                        let trimmed = block.trim_start_matches(' ');
                        out.push_str(&format!("{pad}- {trimmed}"));
                    }
                    Json::Array(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        write(item, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", inline(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", inline(other))),
    }
}

fn inline(value: &Json) -> String {
    match value {
        Json::Object(m) if m.is_empty() => "{}".into(),
        Json::Array(a) if a.is_empty() => "[]".into(),
        other => scalar(other),
    }
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
