fn main() { eprintln!("weekly-builder: not implemented yet"); std::process::exit(2); }
