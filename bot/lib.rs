//! tremplin: a conversational intake assistant for the Service Public de l'Insertion et de
//! l'Emploi. See the README for the map of modules.

pub mod app;
pub mod bench;
pub mod booking;
pub mod catalog;
pub mod channels;
pub mod config;
pub mod core;
pub mod dialogue;
pub mod engine;
pub mod i18n;
pub mod metrics;
pub mod notify;
pub mod orientation;
pub mod services;
pub mod storage;
pub mod transcript;
pub mod web;
