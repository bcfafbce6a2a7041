use std::cell::{Cell, RefCell};

// ANCHOR: main
fn main() {
    // Cell: values go in and out by copy, through any shared reference.
    let visits = Cell::new(0);
    let alias = &visits;
    alias.set(alias.get() + 1);
    visits.set(visits.get() + 1);
    println!("visits: {}", visits.get());

    // RefCell: lends references to its inside, and checks the borrowing rule at run time.
    let log = RefCell::new(vec!["opened"]);
    let reader = log.borrow();
    match log.try_borrow_mut() {
        Ok(_) => println!("a &mut while a & is alive: granted"),
        Err(refused) => println!("a &mut while a & is alive: refused ({refused})"),
    }
    drop(reader);
    log.borrow_mut().push("deposit");
    println!("log: {:?}", log.borrow());
}
// ANCHOR_END: main
