//! The `uprgraph` binary's library half: settings, the import command and the HTTP server, shared
//! with the end-to-end tests, which start the real server on port 0.

pub mod export;
pub mod http;
pub mod import;
pub mod settings;
