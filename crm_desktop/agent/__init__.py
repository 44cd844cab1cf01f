"""The HQ agent: server-side jobs a thick client needs (DESIGN.md section 3a)."""
