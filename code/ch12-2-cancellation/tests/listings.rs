#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins!["2-cancellation-first-listing"],
    );
}
