//! A synthetic hospital organisation as an HR system would export it, for the
//! import benchmark and tests: deterministic, any size, realistic shape (some
//! teams below the threshold, a third of the staff without e-mail).

use std::fmt::Write;

/// (units CSV, people CSV) for `people` employees spread over enough teams.
pub fn hospital(people: usize) -> (String, String) {
    let teams_wanted = (people / 18).max(24);
    let hospitals = (teams_wanted / 120).max(1);
    let mut units = String::from("code,name,parent_code,kind\nREG,Region Syd,,organisation\n");
    let mut teams: Vec<String> = Vec::new();
    let mut t = 0;
    'outer: for h in 0..hospitals {
        let _ = writeln!(units, "H{h},Hospital {h},REG,enterprise");
        for d in 0..8 {
            let _ = writeln!(
                units,
                "H{h}-D{d},Afdeling {d} (hospital {h}),H{h},department"
            );
            for k in 0..15 {
                let code = format!("H{h}-D{d}-T{k}");
                let _ = writeln!(units, "{code},Team {k} afd. {d} hosp. {h},H{h}-D{d},team");
                teams.push(code);
                t += 1;
                if t >= teams_wanted && h == hospitals - 1 && d >= 1 {
                    break 'outer;
                }
            }
        }
    }
    let mut csv = String::from("employee_no,name,email,unit_code,language,leader_of\n");
    for i in 0..people {
        // Uneven team sizes: every 7th team gets only a few people.
        let team = &teams[(i * 7 + i / 3) % teams.len()];
        let email = if i % 3 == 0 {
            String::new()
        } else {
            format!("p{i}@region.test")
        };
        let lang = match i % 10 {
            0 => "sv",
            1 => "en",
            _ => "da",
        };
        let _ = writeln!(csv, "E{:06},Person {i},{email},{team},{lang},", 100_000 + i);
    }
    (units, csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::import::parse;

    #[test]
    fn the_sample_parses_cleanly_and_has_the_wanted_size() {
        let (u, p) = hospital(600);
        let units = parse::units(u.as_bytes());
        let people = parse::people(p.as_bytes());
        assert!(units.issues.is_empty() && people.issues.is_empty());
        assert!(units.rows.len() >= 30, "{}", units.rows.len());
        assert_eq!(people.rows.len(), 600);
        assert!(people.rows.iter().any(|r| r.email.is_none()));
    }
}
