#!/usr/bin/env node
// A committed launcher, so that the bin link exists at install time, before the first build.
import '../dist/bin.js';
