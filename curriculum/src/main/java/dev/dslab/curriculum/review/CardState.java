package dev.dslab.curriculum.review;

/** Where a card is in FSRS: in its first (minutes-apart) learning steps, reviewed in days, or relearning after a lapse. */
public enum CardState { LEARNING, REVIEW, RELEARNING }
