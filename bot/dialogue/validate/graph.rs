//! The rules of the paths through a dialogue: every step reachable from the start, no loop of
//! steps that ask nothing. Targets that do not exist are passed over here (the step rules report
//! them), so these checks run on every file.

use std::collections::VecDeque;

use super::report::Report;
use crate::dialogue::model::{Dialogue, Kind, Step};

/// Every step a step can lead to.
pub fn targets(step: &Step) -> Vec<&str> {
    let mut out: Vec<&str> = step
        .def
        .options
        .iter()
        .filter_map(|o| o.next.as_deref())
        .collect();
    out.extend(step.def.routes.iter().map(|r| r.goto.as_str()));
    out.extend(step.def.next.as_deref());
    out
}

/// Every step can be reached from the start. Targets that do not exist are reported by
/// [`references`]; a step whose id is taken again later is reported as a duplicate.
pub(super) fn reachability(r: &mut Report<'_>, d: &Dialogue, start: usize) {
    let mut seen = vec![false; d.steps.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(i) = queue.pop_front() {
        for &j in targets(&d.steps[i]).iter().filter_map(|t| d.index.get(*t)) {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    for (i, s) in d.steps.iter().enumerate() {
        if !seen[i] && d.index.get(&s.def.id) == Some(&i) {
            r.step(&s.def.id, "unreachable from the start step");
        }
    }
}

/// A loop made only of steps that wait for nothing would never stop.
pub(super) fn info_loops(r: &mut Report<'_>, d: &Dialogue) {
    for (i, s) in d.steps.iter().enumerate() {
        if s.def.kind != Kind::Info {
            continue;
        }
        let mut at = i;
        let mut hops = 0;
        while d.steps[at].def.kind == Kind::Info {
            let Some(&next) = d.steps[at].def.next.as_deref().and_then(|n| d.index.get(n)) else {
                break;
            };
            at = next;
            hops += 1;
            if at == i || hops > d.steps.len() {
                r.step(&s.def.id, "info steps loop without asking anything");
                break;
            }
        }
    }
}
