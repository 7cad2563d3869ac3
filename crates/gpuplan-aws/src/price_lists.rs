//! The Price List API (GetProducts) and EC2 spot price history behind `catalog refresh`.
