//! The cloud-settings flags shared by `plan`, `assess` and `wait`: one flag per library
//! setting ([`CloudSettings`]), flattened into each command.

use server_lifecycle::CloudSettings;

/// Nova's configuration options that change which statuses a request passes through.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct SettingsArgs {
    /// Nova's resize_confirm_window: above 0, resizes are confirmed automatically.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    resize_confirm_window: u64,
    /// Nova's shelved_offload_time: 0 offloads at once, above 0 later, -1 never.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    shelved_offload_time: i64,
    /// Nova's reclaim_instance_interval: above 0, DELETE soft-deletes.
    #[arg(long = "reclaim-interval", value_name = "SECONDS", default_value_t = 0)]
    reclaim_interval: u64,
    /// Nova's instance_build_timeout: above 0, a build that runs too long is set to ERROR.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    instance_build_timeout: u64,
}

impl SettingsArgs {
    /// The settings the flags name.
    pub fn settings(&self) -> CloudSettings {
        CloudSettings::NOVA_DEFAULTS
            .with_resize_confirm_window(self.resize_confirm_window)
            .with_shelved_offload_time(self.shelved_offload_time)
            .with_reclaim_instance_interval(self.reclaim_interval)
            .with_instance_build_timeout(self.instance_build_timeout)
    }
}
