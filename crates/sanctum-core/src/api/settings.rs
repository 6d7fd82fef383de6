//! The settings.

use super::{Sanctum, Topic};
use crate::error::Result;
use crate::store::Settings;

impl Sanctum<'_> {
    pub fn settings(&self) -> Result<Settings> {
        self.store.settings()
    }

    /// Changes one setting, checked like every other input; returns them all.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<Settings> {
        Ok(self.wrote(Topic::Settings, self.store.set_setting(key, value)?))
    }
}
