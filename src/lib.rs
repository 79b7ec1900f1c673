//! The `uprgraph` binary's library half: settings and the HTTP server, shared
//! with the end-to-end tests, which start the real server on port 0.

pub mod server;
pub mod settings;
