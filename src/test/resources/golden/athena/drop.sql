DROP TABLE IF EXISTS `default`.`ddbr_skew_01700000000000_abcdef12_0a1b2c3d`
