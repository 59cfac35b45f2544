//! The dialogues and locales of a deployment, loaded and checked together.

use std::path::Path;

use crate::dialogue::{self, Dialogue, Problems};
use crate::engine::Lexicon;
use crate::i18n::Locales;

/// Everything the engine and the renderers read, checked as a whole.
#[derive(Debug)]
pub struct Catalog {
    pub dialogues: Vec<Dialogue>,
    pub locales: Locales,
    pub lexicon: Lexicon,
}

impl Catalog {
    /// Loads `dialogues/` and `locales/` and returns every problem at once.
    pub fn load(dialogues_dir: &Path, locales_dir: &Path) -> Result<Self, Problems> {
        let locales = Locales::load(locales_dir);
        let catalog: Option<&dyn dialogue::MessageCatalog> = locales.as_ref().ok().map(|l| l as _);
        let dialogues = dialogue::load_dir(dialogues_dir, catalog);
        match (dialogues, locales) {
            (Ok(dialogues), Ok(locales)) => {
                let lexicon = locales.lexicon(&dialogues);
                Ok(Self {
                    dialogues,
                    locales,
                    lexicon,
                })
            }
            (d, l) => {
                let mut all = Vec::new();
                if let Err(Problems(p)) = l {
                    all.extend(p);
                }
                if let Err(Problems(p)) = d {
                    all.extend(p);
                }
                Err(Problems(all))
            }
        }
    }

    /// A dialogue by id.
    #[must_use]
    pub fn dialogue(&self, id: &str) -> Option<&Dialogue> {
        self.dialogues.iter().find(|d| d.id == id)
    }
}
